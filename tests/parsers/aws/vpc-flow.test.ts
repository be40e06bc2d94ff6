import t from 'tap';
import { VPCFlow } from '../../../parsers/aws/vpc-flow.js';
import type { Classification } from '../../../parsers/classifier.js';
import type { ParseResult } from '../../../parsers/core/logtype.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { classifyLines, eventsOf, sampleLines } from '../../helpers/parse.js';

const sample = (name: string): string[] => sampleLines(new URL(`../../../parsers/aws/samples/AWS.VPCFlow.${name}.log`, import.meta.url));
const SAMPLES = ['default', 'v2-cloudwatch', 'v3-tcp-flags', 'v3-nat-gateway', 'v3-transit-gateway', 'v5-custom', 'v8-ecs'];

/** The events of one object, its header lines (which must be the only non-events) left out. */
function eventsOfObject(results: readonly Classification[]): Array<Record<string, unknown>> {
  return eventsOf(results.filter((r) => r.kind !== 'header'));
}
/** A fresh parser, as for one source object. */
const parser = (): ((line: string) => ParseResult) => {
  if (VPCFlow.parser.kind !== 'text') throw new Error('VPCFlow is a text parser');
  return VPCFlow.parser.create();
};
const reasonOf = (result: ParseResult): string => (result.ok === false ? result.reason : `accepted: ${JSON.stringify(result)}`);

const DEFAULT_V2 = '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';

t.test('every sample line is a VPC flow event or a header line', async (t) => {
  let total = 0;
  for (const name of SAMPLES) {
    const results = classifyLines([VPCFlow], sample(name));
    const headers = results.filter((r) => r.kind === 'header').length;
    t.equal(headers, name === 'v2-cloudwatch' ? 0 : 1, `${name}: one header on top, or none`);
    if (headers === 1) t.equal(results[0]?.kind, 'header', `${name}: the header comes first`);
    const events = eventsOfObject(results);
    for (const e of events) t.equal(e.p_log_type, 'AWS.VPCFlow');
    total += events.length;
  }
  t.equal(total, 39);
});

t.test('default format: positional fields, unix seconds, "-" absent, indicators', async (t) => {
  const events = eventsOfObject(classifyLines([VPCFlow], sample('default')));
  const ssh = events[0] as Record<string, unknown>;
  t.same(ssh, {
    ...ssh,
    version: 2,
    account: '123456789010',
    interfaceId: 'eni-1235b8ca123456789',
    srcAddr: '172.31.16.139',
    dstAddr: '172.31.16.21',
    srcPort: 20641,
    dstPort: 22,
    protocol: 6,
    packets: 20,
    bytes: 4249,
    start: '2014-12-14 04:06:50.000000000',
    end: '2014-12-14 04:07:50.000000000',
    action: 'ACCEPT',
    status: 'OK',
  });
  t.equal(ssh.p_event_time, '2014-12-14 04:06:50.000000000', 'event time is the start');
  t.same(ssh.p_any_ip_addresses, ['172.31.16.139', '172.31.16.21']);
  t.same(ssh.p_any_aws_account_ids, ['123456789010']);

  t.equal(events[1]?.action, 'REJECT');
  const nodata = events[2] as Record<string, unknown>;
  t.equal(nodata.status, 'NODATA');
  for (const absent of ['srcAddr', 'dstAddr', 'srcPort', 'dstPort', 'protocol', 'packets', 'bytes', 'action']) {
    t.notOk(absent in nodata, `${absent} is "-" and absent`);
  }
  t.same(nodata.p_any_ip_addresses, []);
  t.equal(events[3]?.status, 'SKIPDATA');
  t.equal(events[4]?.protocol, 1, 'ICMP');
  t.same(events[6]?.p_any_ip_addresses, ['2001:db8:1234:a100:8d6e:3477:df66:f105', '2001:db8:1234:a102:3304:8879:34cf:4071']);
});

t.test('without a header only the default layout is read', async (t) => {
  const events = eventsOfObject(classifyLines([VPCFlow], sample('v2-cloudwatch')));
  t.equal(events.length, 5);
  t.equal(events[2]?.bytes, 21474836480, 'byte counts beyond 32 bits');
  t.equal(events[3]?.account, 'unknown', 'AWS writes unknown for some service interfaces');
  t.same(events[3]?.p_any_aws_account_ids, []);

  const parse = parser();
  t.match(reasonOf(parse('- eni-1235b8ca123456789 10.0.1.5 10.0.0.220 10.0.1.5 203.0.113.5')), /not a default-format \(version 2\) VPC flow record/);
  t.match(reasonOf(parse('3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789')), /not a default-format/);
  t.match(reasonOf(parse(DEFAULT_V2.replace(' ACCEPT OK', ' ACCEPT'))), /has 13 fields, the default format announced 14/);
});

t.test('a custom header announces the fields, in any order, for the rest of the object', async (t) => {
  const tcp = eventsOfObject(classifyLines([VPCFlow], sample('v3-tcp-flags')));
  const syn = tcp[0] as Record<string, unknown>;
  t.equal(syn.version, 3);
  t.equal(syn.vpcId, 'vpc-abcdefab012345678');
  t.equal(syn.subNetId, 'subnet-aaaaaaaa012345678');
  t.equal(syn.instanceId, 'i-01234567890123456');
  t.equal(syn.trafficType, 'IPv4');
  t.equal(syn.pktSrcAddr, '52.213.180.42');
  t.equal(syn.bytes, 568, 'bytes before packets in this header');
  t.equal(syn.packets, 8);
  t.equal(syn.tcpFlags, 2);
  t.same(syn.p_any_aws_instance_ids, ['i-01234567890123456']);
  t.equal(tcp[7]?.tcpFlags, 19, 'a stray double space (as in the AWS example) is tolerated');
  t.equal(tcp[7]?.pktSrcAddr, '10.0.0.62');

  const nat = eventsOfObject(classifyLines([VPCFlow], sample('v3-nat-gateway')));
  t.notOk('instanceId' in (nat[0] as object), 'requester-managed interface: "-"');
  t.equal(nat[0]?.pktDstAddr, '203.0.113.5');
  t.equal(nat[0]?.p_event_time, '2026-01-01 00:00:00.000000000', 'no start field: the parse time');
  t.equal(nat[4]?.instanceId, 'i-01234567890123456');

  const tgw = eventsOfObject(classifyLines([VPCFlow], sample('v3-transit-gateway')));
  t.equal(tgw[2]?.srcAddr, '10.40.1.175');
  t.equal(tgw[2]?.pktSrcAddr, '10.20.33.164');
  t.same(tgw[2]?.p_any_ip_addresses, ['10.20.33.164', '10.40.1.175', '10.40.2.236']);
});

t.test('version 5 and 8 fields in camelCase', async (t) => {
  const v5 = eventsOfObject(classifyLines([VPCFlow], sample('v5-custom')));
  const egress = v5[0] as Record<string, unknown>;
  t.equal(egress.version, 5);
  t.equal(egress.region, 'us-east-1');
  t.equal(egress.azId, 'use1-az4');
  t.equal(egress.flowDirection, 'egress');
  t.equal(egress.trafficPath, 8);
  t.equal(egress.pktDstAwsService, 'S3');
  t.notOk('pktSrcAwsService' in egress);
  t.notOk('sublocationType' in egress);
  t.equal(egress.start, '2023-05-14 10:45:00.000000000');
  t.equal(v5[1]?.pktSrcAwsService, 'S3');
  t.notOk('trafficPath' in (v5[1] as object), 'ingress has no traffic path');
  t.equal(v5[3]?.sublocationType, 'localzone');
  t.equal(v5[3]?.sublocationId, 'usw2-lax1-az1');
  t.equal(v5[4]?.trafficType, 'IPv6');
  t.notOk('instanceId' in (v5[4] as object));
  t.equal(v5[5]?.status, 'NODATA');

  const v8 = eventsOfObject(classifyLines([VPCFlow], sample('v8-ecs')));
  const task = v8[0] as Record<string, unknown>;
  t.equal(task.ecsClusterName, 'payments');
  t.equal(task.ecsClusterArn, 'arn:aws:ecs:us-east-1:123456789012:cluster/payments');
  t.equal(task.ecsServiceName, 'checkout-api');
  t.equal(task.ecsTaskId, '8d1f6a2b9c3e4f5a6b7c8d9e0f1a2b3c');
  t.equal(task.ecsContainerId, '8d1f6a2b9c3e4f5a6b7c8d9e0f1a2b3c-1527368237');
  t.equal(task.ecsSecondContainerId, '8d1f6a2b9c3e4f5a6b7c8d9e0f1a2b3c-2816420917');
  t.notOk('ecsContainerInstanceArn' in task, 'Fargate: no container instance');
  t.notOk('rejectReason' in task);
  t.same(task.p_any_aws_arns, [
    'arn:aws:ecs:us-east-1:123456789012:cluster/payments',
    'arn:aws:ecs:us-east-1:123456789012:task-definition/checkout-api:42',
    'arn:aws:ecs:us-east-1:123456789012:task/payments/8d1f6a2b9c3e4f5a6b7c8d9e0f1a2b3c',
  ]);
  t.equal(v8[1]?.rejectReason, 'BPA');
  t.equal(v8[1]?.action, 'REJECT');
  t.equal(v8[2]?.ecsContainerInstanceArn, 'arn:aws:ecs:us-east-1:123456789012:container-instance/batch/5e7a9c1b3d5f4e2a8c6b0d9f1e3a5c7b');
});

t.test('header handling', async (t) => {
  const parse = parser();
  t.same(parse('srcaddr dstaddr action start'), { ok: 'header' });
  t.same(parse('10.0.0.1 10.0.0.2 ACCEPT 1566848875'), {
    ok: true,
    event: { srcAddr: '10.0.0.1', dstAddr: '10.0.0.2', action: 'ACCEPT', start: '2019-08-26 19:47:55.000000000' },
  });
  t.match(reasonOf(parse('10.0.0.1 10.0.0.2 ACCEPT')), /VPC flow record has 3 fields, the header announced 4/);
  t.match(reasonOf(parse(DEFAULT_V2)), /has 14 fields, the header announced 4/, 'the announced format holds for the object');
  t.match(reasonOf(parse('10.0.0.1 10.0.0.2 ALLOW 1566848875')), /action: expected ACCEPT or REJECT, got "ALLOW"/);
  t.match(reasonOf(parse('10.0.0.1 10.0.0.2 ACCEPT 2019-08-26')), /start: expected unix seconds, got "2019-08-26"/);

  // A second header (objects concatenated) switches the format.
  t.same(parse('version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status'), { ok: 'header' });
  t.equal(parse(DEFAULT_V2).ok, true);
  t.match(reasonOf(parse(DEFAULT_V2.replace(' OK', ' FINE'))), /log-status: expected OK, NODATA or SKIPDATA, got "FINE"/);
  t.match(reasonOf(parse(DEFAULT_V2.replace(' 20641 ', ' http '))), /srcport: expected an integer, got "http"/);

  // A field AWS adds after versions 2-8 is kept, camelCased, as a string.
  const next = parser();
  t.same(next('version srcaddr encryption-status start'), { ok: 'header' });
  const r = next('10 10.0.0.1 1 1566848875');
  t.same(r.ok === true ? r.event : r, { version: 10, srcAddr: '10.0.0.1', encryptionStatus: '1', start: '2019-08-26 19:47:55.000000000' });

  // Each object starts over: a new parser has no header.
  t.match(reasonOf(parser()('10.0.0.1 10.0.0.2 ACCEPT 1566848875')), /not a default-format/);

  // Not headers: unknown words, repeated names, mostly unknown names.
  for (const line of ['hello world', 'start start', 'start foo bar baz', 'version 1.2.3 released']) {
    t.not(parser()(line).ok, 'header', `${line} is not a header`);
  }
});

t.test("other types' lines are rejected at the first token", async (t) => {
  const parse = parser();
  t.match(reasonOf(parse('{"version":"1.100000","account_id":"123456789012"}')), /a JSON line/);
  t.match(reasonOf(parse('http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80')), /not a default-format .* starts with "http"/);
  t.match(reasonOf(parse('79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be amzn-s3-demo-bucket1 [06/Feb/2019:00:00:38 +0000]')), /not a default-format/);
  t.match(reasonOf(parse('<34>Oct 11 22:14:15 mymachine su: \'su root\' failed for lonvick on /dev/pts/8')), /starts with "<34>Oct"/);
});

t.test('with every log type, headers and records land on AWS.VPCFlow', async (t) => {
  for (const name of SAMPLES) {
    const results = classifyLines(builtinLogTypes, sample(name));
    for (const r of results) {
      if (r.kind === 'header') t.equal(r.logType.name, 'AWS.VPCFlow', `${name}: header`);
    }
    const events = eventsOfObject(results);
    t.same(new Set(events.map((e) => e.p_log_type)), new Set(['AWS.VPCFlow']), `${name}: ${events.length} events`);
  }
  const [r] = classifyLines(builtinLogTypes, [DEFAULT_V2.replace(' ACCEPT ', ' DROP ')]);
  t.equal(r?.kind, 'unclassified', 'a broken record is not claimed by another type');
  if (r?.kind === 'unclassified') t.match(r.reasons.find((x) => x.logType === 'AWS.VPCFlow')?.reason, /action: expected ACCEPT or REJECT/);
});
