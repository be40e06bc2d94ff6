import t from 'tap';
import { GetRateBasedRuleCommand, GetRuleCommand, GetRuleGroupCommand, GetWebACLCommand, ListTagsForResourceCommand, ListWebACLsCommand, WAFClient } from '@aws-sdk/client-waf';
import * as R from '@aws-sdk/client-waf-regional';
import { mockClient } from 'aws-sdk-client-mock';
import { wafRegionalWebAclScanner, wafWebAclScanner } from '../../../cloud-security/scanners/waf.js';
import { deniedException, drain, makeCtx, paged, throttled } from './fixtures/groupC.js';

const waf = mockClient(WAFClient);
// client-waf-regional pins an older @smithy/types than aws-sdk-client-mock's typings expect: the
// runtime classes are the same kind, only the declared types differ, hence the casts.
const regional = mockClient(R.WAFRegionalClient as unknown as typeof WAFClient);
const rcmd = <C>(c: unknown) => c as C;

const ACL_ID = '3b5e8b3a-1111-2222-3333-444455556666';
const ARN = `arn:aws:waf::123456789012:webacl/${ACL_ID}`;
const webAcl = (id: string, arn: string) => ({
  WebACLId: id,
  Name: 'edge-acl',
  MetricName: 'edgeacl',
  DefaultAction: { Type: 'ALLOW' as const },
  WebACLArn: arn,
  Rules: [
    { Priority: 1, RuleId: 'rule-sqli', Action: { Type: 'BLOCK' as const }, Type: 'REGULAR' as const },
    { Priority: 2, RuleId: 'rule-rate', Action: { Type: 'BLOCK' as const }, Type: 'RATE_BASED' as const },
    { Priority: 3, RuleId: 'group-1', OverrideAction: { Type: 'NONE' as const }, Type: 'GROUP' as const },
  ],
});

function globalDetails(): void {
  waf.on(GetWebACLCommand).callsFake((input: { WebACLId: string }) => ({ WebACL: webAcl(input.WebACLId, `arn:aws:waf::123456789012:webacl/${input.WebACLId}`) }));
  waf.on(GetRuleCommand).resolves({ Rule: { RuleId: 'rule-sqli', Name: 'sqli', MetricName: 'sqli', Predicates: [{ Negated: false, Type: 'SqlInjectionMatch', DataId: 'sqli-set' }] } });
  waf.on(GetRateBasedRuleCommand).resolves({ Rule: { RuleId: 'rule-rate', Name: 'rate', MetricName: 'rate', MatchPredicates: [], RateKey: 'IP', RateLimit: 2000 } });
  waf.on(GetRuleGroupCommand).resolves({ RuleGroup: { RuleGroupId: 'group-1', Name: 'managed', MetricName: 'managed' } });
  waf.on(ListTagsForResourceCommand).resolves({ TagInfoForResource: { ResourceARN: ARN, TagList: [{ Key: 'env', Value: 'prod' }] } });
}

t.beforeEach(() => {
  waf.reset();
  regional.reset();
});

t.test('global web ACL: full snapshot, field by field, with its rules merged', async (t) => {
  waf.on(ListWebACLsCommand).resolves({ WebACLs: [{ WebACLId: ACL_ID, Name: 'edge-acl' }] });
  globalDetails();
  const { ctx, problems } = makeCtx('eu-west-1');
  t.equal(wafWebAclScanner.global, true);
  const out = await drain(wafWebAclScanner, ctx);
  t.same(problems, []);
  t.same(out, [
    {
      ResourceId: ARN,
      ResourceType: 'AWS.WAF.WebACL',
      AccountId: '123456789012',
      Region: 'global',
      Name: 'edge-acl',
      ARN,
      Tags: { env: 'prod' },
      TimeCreated: null,
      WebACLId: ACL_ID,
      DefaultAction: { Type: 'ALLOW' },
      MetricName: 'edgeacl',
      Rules: [
        { Priority: 1, RuleId: 'rule-sqli', Action: { Type: 'BLOCK' }, Type: 'REGULAR', Name: 'sqli', MetricName: 'sqli', Predicates: [{ Negated: false, Type: 'SqlInjectionMatch', DataId: 'sqli-set' }] },
        { Priority: 2, RuleId: 'rule-rate', Action: { Type: 'BLOCK' }, Type: 'RATE_BASED', Name: 'rate', MetricName: 'rate', MatchPredicates: [], RateKey: 'IP', RateLimit: 2000 },
        { Priority: 3, RuleId: 'group-1', OverrideAction: { Type: 'NONE' }, Type: 'GROUP', RuleGroupId: 'group-1', Name: 'managed', MetricName: 'managed' },
      ],
    },
  ]);
  t.equal(waf.commandCalls(GetRuleGroupCommand)[0]?.args[0].input.RuleGroupId, 'group-1');
  // The global API is in us-east-1 whatever region the scan runs from.
  t.equal(await (waf.commandCalls(ListWebACLsCommand)[0]?.thisValue as WAFClient).config.region(), 'us-east-1');
});

t.test('global: two pages, both yielded, the NextMarker passed; an empty last page ends the walk', async (t) => {
  const pages = paged(
    [
      { WebACLs: [{ WebACLId: 'a', Name: 'a' }], NextMarker: 'mk1' },
      { WebACLs: [{ WebACLId: 'b', Name: 'b' }], NextMarker: 'mk2' },
      { WebACLs: [], NextMarker: 'mk3' },
    ],
    'NextMarker',
  );
  waf.on(ListWebACLsCommand).callsFake(pages.fake);
  globalDetails();
  const { ctx } = makeCtx();
  t.same((await drain(wafWebAclScanner, ctx)).map((s) => s.WebACLId), ['a', 'b']);
  t.same(pages.seen, [undefined, 'mk1', 'mk2']);
});

t.test('global: denied GetWebACL yields the ACL with null fields; denied rule keeps its activation', async (t) => {
  waf.on(ListWebACLsCommand).resolves({ WebACLs: [{ WebACLId: 'locked', Name: 'locked' }, { WebACLId: ACL_ID, Name: 'edge-acl' }] });
  globalDetails();
  waf.on(GetWebACLCommand, { WebACLId: 'locked' }).rejects(deniedException());
  waf.on(GetRuleCommand).rejects(deniedException());
  // Mocked send bypasses the SDK's retry middleware: one call, then our handling.
  waf.on(GetRateBasedRuleCommand).rejectsOnce(throttled('WAFLimitsExceededException')).resolves({});
  const { ctx, problems } = makeCtx();
  const [locked, open] = await drain(wafWebAclScanner, ctx);
  t.equal(locked?.ARN, 'arn:aws:waf::123456789012:webacl/locked');
  t.equal(locked?.DefaultAction, null);
  t.equal(locked?.Rules, null);
  t.same(open?.Rules, [
    { Priority: 1, RuleId: 'rule-sqli', Action: { Type: 'BLOCK' }, Type: 'REGULAR' },
    { Priority: 2, RuleId: 'rule-rate', Action: { Type: 'BLOCK' }, Type: 'RATE_BASED' },
    { Priority: 3, RuleId: 'group-1', OverrideAction: { Type: 'NONE' }, Type: 'GROUP', RuleGroupId: 'group-1', Name: 'managed', MetricName: 'managed' },
  ]);
  t.match(problems, [
    { resourceType: 'AWS.WAF.WebACL', resourceId: 'arn:aws:waf::123456789012:webacl/locked', kind: 'access-denied' },
    { resourceId: ARN, kind: 'access-denied' },
    // WAF Classic's own rate-limit error is classified as throttling.
    { resourceId: ARN, kind: 'throttled', message: /^WAFLimitsExceededException/ },
  ]);
});

t.test('denied list: problem recorded, nothing yielded (both scanners)', async (t) => {
  waf.on(ListWebACLsCommand).rejects(deniedException());
  regional.on(rcmd<typeof ListWebACLsCommand>(R.ListWebACLsCommand)).rejects(deniedException());
  const a = makeCtx();
  t.same(await drain(wafWebAclScanner, a.ctx), []);
  t.match(a.problems, [{ resourceType: 'AWS.WAF.WebACL', kind: 'access-denied' }]);
  const b = makeCtx();
  t.same(await drain(wafRegionalWebAclScanner, b.ctx), []);
  t.match(b.problems, [{ resourceType: 'AWS.WAF.Regional.WebACL', kind: 'access-denied' }]);
});

t.test('regional web ACL: snapshot in the scanned region, from the waf-regional API', async (t) => {
  const arn = `arn:aws:waf-regional:eu-west-1:123456789012:webacl/${ACL_ID}`;
  const pages = paged([{ WebACLs: [{ WebACLId: ACL_ID, Name: 'alb-acl' }], NextMarker: 'r1' }, { WebACLs: [] }], 'NextMarker');
  regional.on(rcmd<typeof ListWebACLsCommand>(R.ListWebACLsCommand)).callsFake(pages.fake);
  regional.on(rcmd<typeof GetWebACLCommand>(R.GetWebACLCommand)).resolves({ WebACL: { ...webAcl(ACL_ID, arn), Name: 'alb-acl', Rules: [{ Priority: 1, RuleId: 'rule-sqli', Action: { Type: 'BLOCK' }, Type: 'REGULAR' }] } });
  regional.on(rcmd<typeof GetRuleCommand>(R.GetRuleCommand)).resolves({ Rule: { RuleId: 'rule-sqli', Name: 'sqli', Predicates: [] } });
  regional.on(rcmd<typeof ListTagsForResourceCommand>(R.ListTagsForResourceCommand)).resolves({ TagInfoForResource: { ResourceARN: arn, TagList: [] } });
  const { ctx, problems } = makeCtx('eu-west-1');
  const out = await drain(wafRegionalWebAclScanner, ctx);
  t.same(problems, []);
  t.equal(wafRegionalWebAclScanner.global, undefined);
  t.same(out, [
    {
      ResourceId: arn,
      ResourceType: 'AWS.WAF.Regional.WebACL',
      AccountId: '123456789012',
      Region: 'eu-west-1',
      Name: 'alb-acl',
      ARN: arn,
      Tags: {},
      TimeCreated: null,
      WebACLId: ACL_ID,
      DefaultAction: { Type: 'ALLOW' },
      MetricName: 'edgeacl',
      Rules: [{ Priority: 1, RuleId: 'rule-sqli', Action: { Type: 'BLOCK' }, Type: 'REGULAR', Name: 'sqli', Predicates: [] }],
    },
  ]);
  t.same(pages.seen, [undefined, 'r1']);
  t.equal(waf.commandCalls(ListWebACLsCommand).length, 0, 'the global API is not used');
});
