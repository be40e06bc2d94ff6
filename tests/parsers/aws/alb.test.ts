import t from 'tap';
import { ALB } from '../../../parsers/aws/alb.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { classifyLines, eventsOf, sampleLines } from '../../helpers/parse.js';

const lines = sampleLines(new URL('../../../parsers/aws/samples/AWS.ALB.log', import.meta.url));
const parse = (line: string) => ALB.parser.kind === 'text' && ALB.parser.create()(line);
const reasonOf = (line: string): string => {
  const r = parse(line);
  return r !== false && r.ok === false ? r.reason : `accepted: ${JSON.stringify(r)}`;
};

t.test('every sample line is an ALB event', async (t) => {
  const events = eventsOf(classifyLines([ALB], lines));
  t.equal(events.length, 14);
  for (const e of events) t.equal(e.p_log_type, 'AWS.ALB');
  t.same(
    events.map((e) => e.type),
    ['http', 'https', 'h2', 'ws', 'wss', 'http', 'http', 'grpcs', 'https', 'https', 'https', 'https', 'h2', 'http'],
  );
});

t.test('http entry: split request, host:port pairs, numbers, absent fields, indicators', async (t) => {
  const [e] = eventsOf(classifyLines([ALB], [lines[0] as string]));
  if (e === undefined) throw new Error('no event');
  t.equal(e.timestamp, '2018-07-02 22:23:00.186641000');
  t.equal(e.p_event_time, '2018-07-02 22:23:00.186641000');
  t.equal(e.requestCreationTime, '2018-07-02 22:22:48.364000000');
  t.equal(e.elb, 'app/my-loadbalancer/50dc6c495c0c9188');
  t.equal(e.clientIp, '192.168.131.39');
  t.equal(e.clientPort, 2817);
  t.equal(e.targetIp, '10.0.0.1');
  t.equal(e.targetPort, 80);
  t.equal(e.requestProcessingTime, 0);
  t.equal(e.targetProcessingTime, 0.001);
  t.equal(e.elbStatusCode, 200);
  t.equal(e.receivedBytes, 34);
  t.equal(e.sentBytes, 366);
  t.equal(e.requestHttpMethod, 'GET');
  t.equal(e.requestUrl, 'http://www.example.com:80/');
  t.equal(e.requestHttpVersion, 'HTTP/1.1');
  t.equal(e.userAgent, 'curl/7.46.0');
  t.equal(e.matchedRulePriority, 0);
  t.same(e.actionsExecuted, ['forward']);
  t.same(e.targetPortList, ['10.0.0.1:80']);
  t.same(e.targetStatusCodeList, [200]);
  t.equal(e.connTraceId, 'TID_1234abcd5678ef90');
  for (const absent of ['sslCipher', 'sslProtocol', 'domainName', 'chosenCertArn', 'redirectUrl', 'errorReason', 'classification', 'transformedHost']) {
    t.notOk(absent in e, `${absent} is "-" and absent`);
  }
  t.same(e.p_any_ip_addresses, ['10.0.0.1', '192.168.131.39']);
  t.same(e.p_any_domain_names, ['www.example.com']);
  t.same(e.p_any_trace_ids, ['Root=1-58337262-36d228ad5d99923122bbe354', 'TID_1234abcd5678ef90']);
  t.same(e.p_any_aws_arns, ['arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067']);
  t.same(e.p_any_aws_account_ids, ['123456789012']);
});

t.test('https entry: TLS, SNI domain, certificate, actions list, transforms', async (t) => {
  const [e] = eventsOf(classifyLines([ALB], [lines[1] as string]));
  if (e === undefined) throw new Error('no event');
  t.equal(e.sslCipher, 'ECDHE-RSA-AES128-GCM-SHA256');
  t.equal(e.sslProtocol, 'TLSv1.2');
  t.equal(e.domainName, 'www.example.com');
  t.equal(e.chosenCertArn, 'arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012');
  t.same(e.actionsExecuted, ['authenticate', 'forward']);
  t.equal(e.responseProcessingTime, 0.037);
  t.equal(e.transformedHost, 'm.example.com');
  t.equal(e.requestTransformStatus, 'TransformSuccess');
  t.notOk('transformedUri' in e);
  t.same(e.p_any_domain_names, ['m.example.com', 'www.example.com']);
  t.same(e.p_any_aws_arns, [
    'arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012',
    'arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067',
  ]);
});

t.test('Lambda target failure, redirect, IPv6 client, -1 times, escaped quotes', async (t) => {
  const events = eventsOf(classifyLines([ALB], lines));
  const lambda = events[6] as Record<string, unknown>;
  t.equal(lambda.elbStatusCode, 502);
  t.notOk('targetStatusCode' in lambda, 'no target answered');
  t.notOk('targetIp' in lambda, 'a Lambda target has no ip:port');
  t.equal(lambda.errorReason, 'LambdaInvalidResponse');

  const redirect = events[8] as Record<string, unknown>;
  t.equal(redirect.clientIp, '2001:db8:85a3::8a2e:370:7334', 'the port is after the last colon');
  t.equal(redirect.clientPort, 42680);
  t.equal(redirect.targetProcessingTime, -1, 'Panther keeps -1 as a number');
  t.equal(redirect.responseProcessingTime, -1);
  t.same(redirect.actionsExecuted, ['redirect']);
  t.equal(redirect.redirectUrl, 'https://www.example.com:443/login?next=%2Faccount');
  t.notOk('targetGroupArn' in redirect);
  t.same(redirect.p_any_ip_addresses, ['2001:db8:85a3::8a2e:370:7334']);
  t.same(redirect.p_any_domain_names, ['example.com', 'www.example.com']);

  const waf = events[9] as Record<string, unknown>;
  t.equal(waf.userAgent, 'Mozilla/5.0 (compatible; "scanbot" 2.1; +http://scanner.example.net/bot)');
  t.same(waf.actionsExecuted, ['waf', 'forward']);
  t.same(waf.targetPortList, ['10.0.0.1:80', '10.0.0.2:80']);
  t.same(waf.targetStatusCodeList, [403, 403]);
  t.equal(waf.classification, 'Ambiguous');
  t.equal(waf.classificationReason, 'UndefinedContentLengthSemantics');
  t.equal(waf.chosenCertArn, 'session-reused');
  t.same(waf.p_any_ip_addresses, ['10.0.0.1', '10.0.0.2', '203.0.113.77'], 'every target of the list is an indicator');
});

t.test('a request the load balancer could not parse ("- - - ")', async (t) => {
  const [e] = eventsOf(classifyLines([ALB], [lines[10] as string]));
  if (e === undefined) throw new Error('no event');
  t.equal(e.elbStatusCode, 400);
  t.equal(e.requestProcessingTime, -1);
  for (const absent of ['requestHttpMethod', 'requestUrl', 'requestHttpVersion', 'userAgent', 'targetIp', 'matchedRulePriority', 'actionsExecuted', 'traceId']) {
    t.notOk(absent in e, `${absent} absent`);
  }
  t.equal(e.clientIp, '198.51.100.7');
});

t.test('older entries end earlier; newer unknown trailing fields are ignored', async (t) => {
  const events = eventsOf(classifyLines([ALB], lines));
  const v2020 = events[12] as Record<string, unknown>;
  t.equal(v2020.traceId, 'Self=1-00000000-111111111111111111111111;Root=1-00000000-222222222222222222222222');
  t.same(v2020.targetStatusCodeList, [200]);
  t.notOk('connTraceId' in v2020);
  const v2019 = events[13] as Record<string, unknown>;
  t.equal(v2019.elbStatusCode, 404);
  t.notOk('targetPortList' in v2019);
  t.equal(v2019.p_event_time, '2019-01-11 14:03:12.911201000');

  const future = `${lines[0]} "some-new-field" 42`;
  const [e] = eventsOf(classifyLines([ALB], [future]));
  t.equal(e?.connTraceId, 'TID_1234abcd5678ef90');
  t.notOk(Object.values(e ?? {}).includes('some-new-field'));
});

t.test('near misses are rejected with a reason', async (t) => {
  const line = lines[0] as string;
  t.match(reasonOf(line.split(' ').slice(0, 20).join(' ')), /ALB entry has 18 fields, expected at least 25/);
  t.match(reasonOf(line.slice(0, line.indexOf('"curl') + 8)), /not well-formed.*closing/);
  t.match(reasonOf(line.replace(' 200 200 ', ' 2OO 200 ')), /elbStatusCode: expected an integer, got "2OO"/);
  t.match(reasonOf(line.replace(' 0.001 ', ' fast ')), /targetProcessingTime: expected a number, got "fast"/);
  t.match(reasonOf(line.replace('192.168.131.39:2817', '192.168.131.39:port')), /clientPort: expected a port/);
  t.match(reasonOf(line.replace('"forward" "-" "-" "10.0.0.1:80" "200"', '"forward" "-" "-" "10.0.0.1:80" "ok"')), /targetStatusCodeList: expected integers/);
  t.match(reasonOf(line.replace('"GET http://www.example.com:80/ HTTP/1.1"', '"GET"')), /request: expected "METHOD URL VERSION"/);
  t.match(reasonOf(line.replace(/^http/, 'ftp')), /not an ALB access log entry: starts with "ftp"/);
  t.match(reasonOf(line.replace(' 2018-07-02T22:23:00.186641Z', ' yesterday')), /without a timestamp/);
  t.match(reasonOf('{"eventVersion":"1.08","eventSource":"s3.amazonaws.com"}'), /a JSON line/);
  t.match(reasonOf('2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK'), /not an ALB/);

  // The time is checked against the declaration when the event is finished.
  const [r] = classifyLines([ALB], [line.replace('2018-07-02T22:23:00.186641Z', '2018-07-02T25:99:00Z')]);
  t.equal(r?.kind, 'unclassified');
  if (r?.kind === 'unclassified') t.match(r.reasons[0]?.reason, /^timestamp: expected timestamp/);
});

t.test('with every log type, each line lands on AWS.ALB and other lines are not taken', async (t) => {
  const all = builtinLogTypes;
  const events = eventsOf(classifyLines(all, lines));
  t.same(new Set(events.map((e) => e.p_log_type)), new Set(['AWS.ALB']));
  const [r] = classifyLines(all, [(lines[0] as string).replace(' 200 200 ', ' x 200 ')]);
  t.equal(r?.kind, 'unclassified', 'a broken ALB line is not claimed by another type');
  if (r?.kind === 'unclassified') {
    t.match(r.reasons.find((x) => x.logType === 'AWS.ALB')?.reason, /elbStatusCode/);
  }
});
