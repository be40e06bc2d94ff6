// AWS.ELBV2.ApplicationLoadBalancer: application load balancers with their tags, listeners, the
// SSL policies those listeners use, and the (classic regional) WAF web ACL in front of them.
import {
  DescribeSSLPoliciesCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
  type Listener,
  type SslPolicy,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetWebACLForResourceCommand, WAFRegionalClient } from '@aws-sdk/client-waf-regional';
import type { ResourceScanner } from '../types.js';
import { baseSnapshot, detail, DETAIL_CONCURRENCY, listAll, mapLimit, plain, plainObject, recordProblem, tagMap, wanted } from './common.js';

const TYPE = 'AWS.ELBV2.ApplicationLoadBalancer';
/** DescribeTags takes at most 20 ARNs per call. */
const TAG_BATCH = 20;

export const elbv2ApplicationLoadBalancerScanner: ResourceScanner = {
  resourceType: TYPE,
  async *scan(ctx) {
    const elb = new ElasticLoadBalancingV2Client(ctx.clientConfig);
    const waf = new WAFRegionalClient(ctx.clientConfig);
    const all = await listAll(ctx, TYPE, () => paginateDescribeLoadBalancers({ client: elb }, {}), (p) => p.LoadBalancers);
    // Network and gateway load balancers are other resource types.
    const lbs = (all ?? []).filter(
      (lb) => lb.Type === 'application' && wanted(ctx, { id: lb.LoadBalancerArn ?? '', arn: lb.LoadBalancerArn ?? '', name: lb.LoadBalancerName ?? null }),
    );
    if (lbs.length === 0) return;
    const arns = lbs.map((lb) => lb.LoadBalancerArn ?? '');

    // Tags in batches; a batch that fails leaves its load balancers' tags unknown (empty).
    const tags = new Map<string, Record<string, string>>();
    const batches: string[][] = [];
    for (let i = 0; i < arns.length; i += TAG_BATCH) batches.push(arns.slice(i, i + TAG_BATCH));
    await mapLimit(batches, DETAIL_CONCURRENCY, async (batch) => {
      try {
        const out = await elb.send(new DescribeTagsCommand({ ResourceArns: batch }));
        for (const d of out.TagDescriptions ?? []) tags.set(d.ResourceArn ?? '', tagMap(d.Tags));
      } catch (err) {
        for (const arn of batch) recordProblem(ctx, TYPE, err, arn);
      }
    });

    const details = await mapLimit(lbs, DETAIL_CONCURRENCY, async (lb) => {
      const arn = lb.LoadBalancerArn ?? '';
      const listeners = await detail(ctx, TYPE, arn, async () => {
        const out: Listener[] = [];
        for await (const page of paginateDescribeListeners({ client: elb }, { LoadBalancerArn: arn })) out.push(...(page.Listeners ?? []));
        return out;
      });
      // No web ACL associated is "not configured", not an error.
      const webAcl = await detail(ctx, TYPE, arn, () => waf.send(new GetWebACLForResourceCommand({ ResourceArn: arn })), ['WAFNonexistentItemException']);
      return { listeners, webAcl: webAcl?.WebACLSummary?.WebACLId ?? null };
    });

    // The SSL policies the HTTPS listeners name, described once for the region.
    const policyNames = [...new Set(details.flatMap((d) => (d.listeners ?? []).map((l) => l.SslPolicy).filter((n): n is string => !!n)))];
    let policies: Map<string, SslPolicy> | null = new Map();
    if (policyNames.length > 0) {
      try {
        const out = await elb.send(new DescribeSSLPoliciesCommand({ Names: policyNames }));
        for (const p of out.SslPolicies ?? []) policies.set(p.Name ?? '', p);
      } catch (err) {
        recordProblem(ctx, TYPE, err);
        policies = null;
      }
    }

    for (const [i, lb] of lbs.entries()) {
      const arn = lb.LoadBalancerArn ?? '';
      const d = details[i] ?? { listeners: null, webAcl: null };
      let ssl: Record<string, unknown> | null = null;
      if (d.listeners !== null && policies !== null) {
        ssl = {};
        for (const l of d.listeners) {
          const p = l.SslPolicy ? policies.get(l.SslPolicy) : undefined;
          if (l.SslPolicy && p) ssl[l.SslPolicy] = plain(p);
        }
      }
      yield {
        ...baseSnapshot(ctx, TYPE, { id: arn, arn, name: lb.LoadBalancerName ?? null, tags: tags.get(arn) ?? {}, created: lb.CreatedTime ?? null }),
        ...plainObject(lb, ['LoadBalancerArn', 'LoadBalancerName', 'CreatedTime']),
        Listeners: d.listeners === null ? null : plain(d.listeners),
        SSLPolicies: ssl,
        WebAcl: d.webAcl,
      };
    }
  },
};
