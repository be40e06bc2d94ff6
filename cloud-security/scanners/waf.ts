// AWS.WAF.WebACL (WAF Classic, global: CloudFront web ACLs, API in us-east-1) and
// AWS.WAF.Regional.WebACL (WAF Classic regional: ALB and API Gateway web ACLs). Each web ACL
// with its default action and its rules, each rule its activation (priority, action) merged
// with the rule's own definition, as Panther's snapshot holds them.
// WAF Classic lists page with NextMarker and the SDK has no paginators for them: pages are
// walked by hand here.
import * as Waf from '@aws-sdk/client-waf';
import * as WafRegional from '@aws-sdk/client-waf-regional';
import type { ActivatedRule, Tag, WebACL, WebACLSummary } from '@aws-sdk/client-waf';
import type { ResourceScanner, ResourceSnapshot, ScanContext } from '../types.js';
import { baseSnapshot, detail, listAll, mapLimit, onlyWanted, plain, tagMap } from './common.js';

export const WAF_WEB_ACL = 'AWS.WAF.WebACL';
export const WAF_REGIONAL_WEB_ACL = 'AWS.WAF.Regional.WebACL';

// WAF Classic's API rate limits are low and rule reads nest inside ACL reads: at most
// 2 ACLs x 2 rules (+ tags) in flight.
const WAF_ACL_CONCURRENCY = 2;
const WAF_RULE_CONCURRENCY = 2;

/** The calls both WAF Classic APIs share (same operations and shapes, two SDK packages). */
interface WafApi {
  listWebACLs(marker: string | undefined): Promise<{ NextMarker?: string | undefined; WebACLs?: WebACLSummary[] | undefined }>;
  getWebACL(id: string): Promise<WebACL | undefined>;
  /** The rule's definition by its activation type (REGULAR, RATE_BASED, GROUP). */
  getRule(rule: ActivatedRule): Promise<object | undefined>;
  listTags(arn: string): Promise<Tag[]>;
}

function globalApi(client: Waf.WAFClient): WafApi {
  return {
    listWebACLs: (marker) => client.send(new Waf.ListWebACLsCommand({ NextMarker: marker, Limit: 100 })),
    getWebACL: async (id) => (await client.send(new Waf.GetWebACLCommand({ WebACLId: id }))).WebACL,
    getRule: async (r) => {
      if (r.Type === 'RATE_BASED') return (await client.send(new Waf.GetRateBasedRuleCommand({ RuleId: r.RuleId }))).Rule;
      if (r.Type === 'GROUP') return (await client.send(new Waf.GetRuleGroupCommand({ RuleGroupId: r.RuleId }))).RuleGroup;
      return (await client.send(new Waf.GetRuleCommand({ RuleId: r.RuleId }))).Rule;
    },
    listTags: async (arn) => {
      const all: Tag[] = [];
      let marker: string | undefined;
      do {
        const page = await client.send(new Waf.ListTagsForResourceCommand({ ResourceARN: arn, NextMarker: marker, Limit: 50 }));
        all.push(...(page.TagInfoForResource?.TagList ?? []));
        marker = page.NextMarker;
      } while (marker);
      return all;
    },
  };
}

function regionalApi(client: WafRegional.WAFRegionalClient): WafApi {
  return {
    listWebACLs: (marker) => client.send(new WafRegional.ListWebACLsCommand({ NextMarker: marker, Limit: 100 })),
    getWebACL: async (id) => (await client.send(new WafRegional.GetWebACLCommand({ WebACLId: id }))).WebACL,
    getRule: async (r) => {
      if (r.Type === 'RATE_BASED') return (await client.send(new WafRegional.GetRateBasedRuleCommand({ RuleId: r.RuleId }))).Rule;
      if (r.Type === 'GROUP') return (await client.send(new WafRegional.GetRuleGroupCommand({ RuleGroupId: r.RuleId }))).RuleGroup;
      return (await client.send(new WafRegional.GetRuleCommand({ RuleId: r.RuleId }))).Rule;
    },
    listTags: async (arn) => {
      const all: Tag[] = [];
      let marker: string | undefined;
      do {
        const page = await client.send(new WafRegional.ListTagsForResourceCommand({ ResourceARN: arn, NextMarker: marker, Limit: 50 }));
        all.push(...(page.TagInfoForResource?.TagList ?? []));
        marker = page.NextMarker;
      } while (marker);
      return all;
    },
  };
}

async function* webAclPages(api: WafApi): AsyncIterable<WebACLSummary[]> {
  let marker: string | undefined;
  do {
    const page = await api.listWebACLs(marker);
    yield page.WebACLs ?? [];
    // WAF Classic may return a NextMarker with the last, empty page: an empty page ends the walk.
    marker = page.NextMarker && (page.WebACLs?.length ?? 0) > 0 ? page.NextMarker : undefined;
  } while (marker);
}

/** A web ACL's ARN as GetWebACL gives it, built from its id. Global ARNs have no region: arn:aws:waf::<account>:webacl/<id>. */
function webAclArn(ctx: ScanContext, region: string, service: string, id: string): string {
  return `arn:${ctx.partition}:${service}:${region === 'global' ? '' : region}:${ctx.accountId}:webacl/${id}`;
}

async function webAclSnapshot(ctx: ScanContext, api: WafApi, resourceType: string, region: string, service: string, s: WebACLSummary): Promise<ResourceSnapshot> {
  const id = s.WebACLId ?? '';
  const fallbackArn = webAclArn(ctx, region, service, id);
  const acl = await detail(ctx, resourceType, fallbackArn, () => api.getWebACL(id));
  const arn = acl?.WebACLArn ?? fallbackArn;
  const [tags, rules] = await Promise.all([
    detail(ctx, resourceType, arn, () => api.listTags(arn)),
    acl
      ? mapLimit(acl.Rules ?? [], WAF_RULE_CONCURRENCY, async (activated) => {
          const rule = await detail(ctx, resourceType, arn, () => api.getRule(activated));
          // The activation's fields, then the rule's definition (Name, Predicates...), as Panther merges them.
          return { ...(plain(activated) as object), ...(plain(rule ?? {}) as object), RuleId: activated.RuleId ?? null };
        })
      : Promise.resolve(null),
  ]);
  return {
    ...baseSnapshot(ctx, resourceType, { id: arn, arn, name: s.Name ?? acl?.Name ?? null, tags: tagMap(tags ?? undefined), region }),
    WebACLId: id,
    DefaultAction: acl?.DefaultAction ? plain(acl.DefaultAction) : null,
    MetricName: acl?.MetricName ?? null,
    Rules: rules,
  };
}

async function* scanWebAcls(ctx: ScanContext, api: WafApi, resourceType: string, region: string, service: string): AsyncIterable<ResourceSnapshot> {
  const pages = await listAll(ctx, resourceType, () => webAclPages(api), (p) => p);
  if (!pages) return;
  const asked = onlyWanted(ctx, pages, (s) => {
    const arn = webAclArn(ctx, region, service, s.WebACLId ?? '');
    return { id: arn, arn, name: s.Name ?? null };
  });
  yield* await mapLimit(asked, WAF_ACL_CONCURRENCY, (s) => webAclSnapshot(ctx, api, resourceType, region, service, s));
}

export const wafWebAclScanner: ResourceScanner = {
  resourceType: WAF_WEB_ACL,
  global: true,
  scan(ctx) {
    // The global (CloudFront) WAF Classic API is served from us-east-1 only.
    const region = ctx.partition === 'aws' ? 'us-east-1' : ctx.region;
    const api = globalApi(new Waf.WAFClient({ ...ctx.clientConfig, region }));
    return scanWebAcls(ctx, api, WAF_WEB_ACL, 'global', 'waf');
  },
};

export const wafRegionalWebAclScanner: ResourceScanner = {
  resourceType: WAF_REGIONAL_WEB_ACL,
  scan(ctx) {
    const api = regionalApi(new WafRegional.WAFRegionalClient(ctx.clientConfig));
    return scanWebAcls(ctx, api, WAF_REGIONAL_WEB_ACL, ctx.region, 'waf-regional');
  },
};
