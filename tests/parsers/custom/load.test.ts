import t from 'tap';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadSchemaDir, parseSchema } from '../../../parsers/custom/load.js';
import { glueColumns } from '../../../parsers/core/glue.js';
import { eventsOf, classifyLines, sampleLines, rejection } from '../../helpers/parse.js';
import { ROOT } from '../../helpers/cli.js';

const EXAMPLES = join(ROOT, 'schemas', 'examples');

t.test('every example schema loads and reads its samples', async (t) => {
  const logTypes = await loadSchemaDir(EXAMPLES);
  t.same(logTypes.map((l) => l.name), ['Custom.AppAudit', 'Custom.AppLog', 'Custom.Inventory', 'Custom.WebAccess']);
  for (const lt of logTypes) {
    const sample = readdirSync(join(EXAMPLES, 'samples')).find((f) => f.startsWith(`${lt.name}.`)) as string;
    const results = classifyLines([lt], sampleLines(new URL(`file://${join(EXAMPLES, 'samples', sample)}`)));
    t.ok(results.every((r) => r.kind !== 'unclassified'), `${lt.name}: every sample line accepted`);
  }
});

t.test('JSON schema: types, nesting, indicators, event time, YAML 1.2 keys', async (t) => {
  const [audit] = await loadSchemaDir(EXAMPLES);
  const lines = sampleLines(new URL(`file://${join(EXAMPLES, 'samples', 'Custom.AppAudit.jsonl')}`));
  const [a, b, c] = eventsOf(classifyLines([audit!], lines));
  t.match(a, { ts: '2024-05-06 07:08:09.123000000', on: true, latency_ms: 12.5, details: { role: 'admin' }, p_log_type: 'Custom.AppAudit', p_event_time: '2024-05-06 07:08:09.123000000', p_any_emails: ['alice@example.com'], p_any_ip_addresses: ['203.0.113.7'] });
  t.match(b, { p_any_ip_addresses: ['2001:db8::5'] });
  t.match(c, { p_event_time: '2024-05-06 07:00:00.000000000', details: [1, 2, 3] });
  t.match(rejection([audit!], '{"ts": "2024-05-06T07:08:09Z", "actor": {}, "action": 5}'), /action: expected string, got number/);
  t.match(rejection([audit!], '{"ts": "2024-05-06T07:08:09Z", "action": "x"}'), /actor: required field missing/);
  t.same(glueColumns(audit!).slice(0, 3).map((c) => `${c.name}:${c.type}`), ['ts:timestamp', 'actor:struct<email:string,ip:string>', 'action:string']);
});

t.test('text schemas convert their strings to the declared types', async (t) => {
  const all = await loadSchemaDir(EXAMPLES);
  const log = all.find((l) => l.name === 'Custom.AppLog')!;
  const [first, second] = eventsOf(classifyLines([log], ['2024-05-06 07:08:09,123 INFO [auth] user=alice ip=10.0.0.1 action=login result=success took=35', '2024-05-06 07:08:10,001 WARN [auth] user=bob ip=10.0.0.2 action=login result=failure']));
  t.match(first, { time: '2024-05-06 07:08:09.123000000', took: 35, p_any_usernames: ['alice'] });
  t.notOk('took' in (second ?? {}), 'an empty optional group is absent');
  t.match(rejection([log], 'hello'), /does not match the regex/);
  const web = all.find((l) => l.name === 'Custom.WebAccess')!;
  t.match(rejection([web], '192.0.2.10 - frank 10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 1'), /expected " \[" after %\{user\}/);
  t.match(rejection([web], '192.0.2.10 - frank [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" abc 1 4ms "10.0.3.7:8080"'), /status: expected integer, got string "abc"/);
  const inv = all.find((l) => l.name === 'Custom.Inventory')!;
  const r = classifyLines([inv], ['hostname,ip,owner,managed,seen', 'a,b', 'h,10.0.0.1,o@example.com,maybe,1']);
  t.equal(r[0]?.kind, 'header');
  t.match(classifyLines([inv], ['GET / 200,x']), [{ kind: 'unclassified', reasons: [{ reason: /column "GET \/ 200" is not a field of the schema/ }] }]);
  t.match(classifyLines([inv], ['ip,owner']), [{ kind: 'unclassified', reasons: [{ reason: /lacks the required field hostname/ }] }]);
  t.match(r[1], { kind: 'unclassified', reasons: [{ reason: '2 columns, the schema has 5' }] });
  t.match(r[2], { kind: 'unclassified', reasons: [{ reason: 'managed: expected boolean, got string "maybe"' }] });
});

const doc = (body: string): string => `schema: Custom.Test\nfields:\n${body}`;

t.test('malformed schemas name the file, line and key', async (t) => {
  t.throws(() => parseSchema('schema: Custom.T\nfields: [', 'x.yml'), /^x\.yml:\d+: invalid YAML/);
  t.throws(() => parseSchema('schema: Test\nfields:\n  - name: a\n    type: string\n', 'x.yml'), /x\.yml:1: schema: custom log types are named Custom\.<Name>/);
  t.throws(() => parseSchema(doc('  - name: a\n    type: strin\n'), 'a.yml'), /a\.yml:4: fields\[0\]\.type: Invalid option/);
  t.throws(() => parseSchema(doc('  - name: a\n    type: string\n    colour: red\n'), 'a.yml'), /a\.yml:3: fields\[0\]: Unrecognized key.*\(colour\)/);
  t.throws(() => parseSchema('schema: Custom.T\n', 'a.yml'), /a\.yml:1: fields: /);
  t.throws(() => parseSchema(doc('  - name: a\n    type: timestamp\n    timeFormat: "%Q"\n'), 'a.yml'), /a\.yml:5: fields\[0\]\.timeFormat: time format "%Q": %Q is not supported/);
  t.throws(() => parseSchema(doc('  - name: a\n    type: string\n    isEventTime: true\n'), 'a.yml'), /fields\[0\]\.isEventTime: "a" is a string, not a timestamp/);
  t.throws(() => parseSchema(doc('  - name: a\n    type: object\n'), 'a.yml'), /a\.yml:3: fields\[0\]\.fields: an object field lists its fields/);
  t.throws(() => parseSchema(doc('  - name: a\n    type: string\n  - name: a\n    type: int\n'), 'a.yml'), /fields\[1\]\.name: "a" is declared twice/);
  t.throws(() => parseSchema(`parser:\n  regex:\n    match: "no groups"\n${doc('  - name: a\n    type: string\n')}`, 'a.yml'), /parser\.regex\.match: the pattern has no named group/);
  t.throws(() => parseSchema(`parser:\n  fastmatch:\n    match: "%{a}%{b}"\n${doc('  - name: a\n    type: string\n')}`, 'a.yml'), /%\{a\} and %\{b\} need a delimiter/);
  t.throws(() => parseSchema(`parser:\n  csv: {}\n  json: {}\n${doc('  - name: a\n    type: string\n')}`, 'a.yml'), /parser: name exactly one parser/);
  t.throws(() => parseSchema(`parser:\n  csv: {}\n${doc('  - name: a\n    type: object\n    fields:\n      - name: b\n        type: string\n')}`, 'a.yml'), /fields\[0\]\.type: object fields need the json parser/);
});
