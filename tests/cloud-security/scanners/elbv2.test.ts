import t from 'tap';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeSSLPoliciesCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetWebACLForResourceCommand, WAFRegionalClient } from '@aws-sdk/client-waf-regional';
import { mockClient } from 'aws-sdk-client-mock';
import { elbv2ApplicationLoadBalancerScanner } from '../../../cloud-security/scanners/elbv2.js';
import { awsError, denied, run } from './fixtures/groupB.js';

const elb = mockClient(ElasticLoadBalancingV2Client);
// client-waf-regional pins an older @smithy/types than aws-sdk-client-mock's, so its stub is typed
// loosely here; at run time it is the same sinon stub of send().
type LooseStub = { on(cmd: unknown, input?: unknown): { resolves(v: unknown): unknown; rejects(e: unknown): unknown }; reset(): void; restore(): void };
const waf = mockClient(WAFRegionalClient as never) as unknown as LooseStub;
t.beforeEach(() => {
  elb.reset();
  waf.reset();
});
t.teardown(() => {
  elb.restore();
  waf.restore();
});

const arnOf = (name: string, kind = 'app') => `arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/${kind}/${name}/50dc6c495c0c9188`;
const lb = (name: string, type: 'application' | 'network' = 'application') => ({
  LoadBalancerArn: arnOf(name, type === 'application' ? 'app' : 'net'),
  DNSName: `${name}-1234567890.us-east-1.elb.amazonaws.com`,
  CanonicalHostedZoneId: 'Z2P70J7EXAMPLE',
  CreatedTime: new Date('2024-04-04T04:04:04Z'),
  LoadBalancerName: name,
  Scheme: 'internet-facing' as const,
  VpcId: 'vpc-0a1b2c3d',
  State: { Code: 'active' as const },
  Type: type,
  AvailabilityZones: [{ ZoneName: 'us-east-1a', SubnetId: 'subnet-8360a9e7' }],
  SecurityGroups: ['sg-5943793c'],
  IpAddressType: 'ipv4' as const,
});
const httpsListener = (lbArn: string) => ({
  ListenerArn: `${lbArn.replace(':loadbalancer/', ':listener/')}/f2f7dc8efc522ab2`,
  LoadBalancerArn: lbArn,
  Port: 443,
  Protocol: 'HTTPS' as const,
  Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012' }],
  SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
  DefaultActions: [{ Type: 'forward' as const, TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067' }],
});
const sslPolicy = {
  Name: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
  SslProtocols: ['TLSv1.2', 'TLSv1.3'],
  Ciphers: [{ Name: 'TLS_AES_128_GCM_SHA256', Priority: 1 }, { Name: 'ECDHE-ECDSA-AES128-GCM-SHA256', Priority: 2 }],
  SupportedLoadBalancerTypes: ['application'],
};

t.test('application load balancers of both pages with tags, listeners, SSL policies and web ACL', async (t) => {
  elb.on(DescribeLoadBalancersCommand).resolvesOnce({ LoadBalancers: [lb('web'), lb('nlb', 'network')], NextMarker: 'p2' }).resolvesOnce({ LoadBalancers: [lb('api')] });
  elb.on(DescribeTagsCommand).resolves({ TagDescriptions: [{ ResourceArn: arnOf('web'), Tags: [{ Key: 'env', Value: 'prod' }] }, { ResourceArn: arnOf('api'), Tags: [] }] });
  elb.on(DescribeListenersCommand, { LoadBalancerArn: arnOf('web') }).resolvesOnce({ Listeners: [httpsListener(arnOf('web'))], NextMarker: 'l2' }).resolvesOnce({
    Listeners: [{ ListenerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/0467ef3c8400ae65', LoadBalancerArn: arnOf('web'), Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }] }],
  });
  elb.on(DescribeListenersCommand, { LoadBalancerArn: arnOf('api') }).resolves({ Listeners: [] });
  elb.on(DescribeSSLPoliciesCommand).resolves({ SslPolicies: [sslPolicy] });
  waf.on(GetWebACLForResourceCommand, { ResourceArn: arnOf('web') }).resolves({ WebACLSummary: { WebACLId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111', Name: 'web-acl' } });
  // No web ACL associated: not configured.
  waf.on(GetWebACLForResourceCommand, { ResourceArn: arnOf('api') }).rejects(awsError('WAFNonexistentItemException', 'The referenced item does not exist.', 400));
  const { items, problems } = await run(elbv2ApplicationLoadBalancerScanner);
  t.same(problems, []);
  t.same(items.map((i) => i.Name), ['web', 'api'], 'the network load balancer is not this type');
  t.equal(elb.commandCalls(DescribeLoadBalancersCommand)[1]?.args[0].input.Marker, 'p2');
  t.equal(elb.commandCalls(DescribeListenersCommand).find((c) => c.args[0].input.Marker === 'l2')?.args[0].input.LoadBalancerArn, arnOf('web'), 'listeners paginated too');
  t.same(elb.commandCalls(DescribeTagsCommand)[0]?.args[0].input.ResourceArns, [arnOf('web'), arnOf('api')]);
  t.same(elb.commandCalls(DescribeSSLPoliciesCommand)[0]?.args[0].input.Names, ['ELBSecurityPolicy-TLS13-1-2-2021-06']);
  const { DefaultActions: _d, ...plainListener } = httpsListener(arnOf('web'));
  t.strictSame(items[0], {
    ResourceId: arnOf('web'),
    ResourceType: 'AWS.ELBV2.ApplicationLoadBalancer',
    AccountId: '123456789012',
    Region: 'us-east-1',
    Name: 'web',
    ARN: arnOf('web'),
    Tags: { env: 'prod' },
    TimeCreated: '2024-04-04T04:04:04.000Z',
    DNSName: 'web-1234567890.us-east-1.elb.amazonaws.com',
    CanonicalHostedZoneId: 'Z2P70J7EXAMPLE',
    Scheme: 'internet-facing',
    VpcId: 'vpc-0a1b2c3d',
    State: { Code: 'active' },
    Type: 'application',
    AvailabilityZones: [{ ZoneName: 'us-east-1a', SubnetId: 'subnet-8360a9e7' }],
    SecurityGroups: ['sg-5943793c'],
    IpAddressType: 'ipv4',
    Listeners: [
      { ...plainListener, DefaultActions: [{ Type: 'forward', TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067' }] },
      { ListenerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/0467ef3c8400ae65', LoadBalancerArn: arnOf('web'), Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }] },
    ],
    SSLPolicies: { 'ELBSecurityPolicy-TLS13-1-2-2021-06': sslPolicy },
    WebAcl: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
  });
  t.same({ Listeners: items[1]?.Listeners, SSLPolicies: items[1]?.SSLPolicies, WebAcl: items[1]?.WebAcl }, { Listeners: [], SSLPolicies: {}, WebAcl: null });
});

t.test('denied listeners and WAF: the load balancer yielded with those fields null, problems recorded', async (t) => {
  elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [lb('web')] });
  elb.on(DescribeTagsCommand).resolves({ TagDescriptions: [] });
  elb.on(DescribeListenersCommand).rejects(denied('AccessDenied'));
  waf.on(GetWebACLForResourceCommand).rejects(denied('AccessDeniedException'));
  const { items, problems } = await run(elbv2ApplicationLoadBalancerScanner);
  t.equal(items.length, 1);
  t.same({ l: items[0]?.Listeners, s: items[0]?.SSLPolicies, w: items[0]?.WebAcl }, { l: null, s: null, w: null });
  t.equal(problems.length, 2);
  t.ok(problems.every((p) => p.kind === 'access-denied' && p.resourceId === arnOf('web')));
});

t.test('a denied list: nothing yielded', async (t) => {
  elb.on(DescribeLoadBalancersCommand).rejects(denied('AccessDenied'));
  const { items, problems } = await run(elbv2ApplicationLoadBalancerScanner);
  t.same(items, []);
  t.match(problems, [{ resourceType: 'AWS.ELBV2.ApplicationLoadBalancer', kind: 'access-denied', message: /^AccessDenied: / }]);
  t.equal(elb.commandCalls(DescribeTagsCommand).length, 0);
});

t.test('denied tags and SSL policies: tags empty with a problem per load balancer, SSLPolicies null, listeners kept', async (t) => {
  elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [lb('web'), lb('api')] });
  elb.on(DescribeTagsCommand).rejects(denied('AccessDenied'));
  elb.on(DescribeListenersCommand).resolves({ Listeners: [httpsListener(arnOf('web'))] });
  elb.on(DescribeSSLPoliciesCommand).rejects(denied('AccessDenied'));
  waf.on(GetWebACLForResourceCommand).rejects(awsError('WAFNonexistentItemException', 'The referenced item does not exist.', 400));
  const { items, problems } = await run(elbv2ApplicationLoadBalancerScanner);
  t.same(items.map((i) => [i.Tags, i.SSLPolicies, (i.Listeners as unknown[]).length]), [
    [{}, null, 1],
    [{}, null, 1],
  ]);
  t.same(problems.map((p) => p.resourceId ?? 'region'), [arnOf('web'), arnOf('api'), 'region']);
  t.ok(problems.every((p) => p.kind === 'access-denied'));
});
