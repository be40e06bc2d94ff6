import t from 'tap';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { logTypes } from '../../../parsers/gravitational/index.js';
import { TeleportAudit } from '../../../parsers/gravitational/teleport-audit.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { sampleFiles } from '../../../parsers/samples.js';
import { at, classifier, classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/gravitational/samples/Gravitational.TeleportAudit.jsonl', import.meta.url));
const base = JSON.parse(lines[0] as string) as Obj;
const variant = (patch: Obj): string => JSON.stringify({ ...base, ...patch });

t.test('audit events keep their keys, with timestamps normalized and indicators collected', async (t) => {
  const events = eventsOf(classifyLines([TeleportAudit], lines)) as Obj[];
  t.equal(events.length, 12);
  const byEvent = new Map(events.map((e) => [e.event as string, e]));
  const start = byEvent.get('session.start') as Obj;
  t.match(start, {
    code: 'T2000I',
    time: '2020-08-07 07:52:09.821000000',
    p_event_time: '2020-08-07 07:52:09.821000000',
    uid: '34bb01d5-8cef-4925-875a-783b2dbee3b6',
    'addr.local': '127.0.0.1:3022',
    'addr.remote': '1.1.1.1:63558',
    ei: 0,
    login: 'root',
    p_log_type: 'Gravitational.TeleportAudit',
  });
  t.equal(at(start, 'server_labels', 'env'), 'demo');
  t.same(start.p_any_ip_addresses, ['1.1.1.1', '127.0.0.1'], 'addresses without their ports');
  t.same(start.p_any_domain_names, ['ip-172-31-14-137.us-west-2.compute.internal']);
  t.same(start.p_any_trace_ids, ['e527ab2a-d882-11ea-9f82-0a588c28e4c2']);
  t.same(start.p_any_usernames, ['kostaspap', 'root']);

  const end = byEvent.get('session.end') as Obj;
  t.match(end, { session_start: '2020-08-07 07:52:09.817638134', session_stop: '2020-08-07 07:52:44.607207415', interactive: true, enhanced_recording: true });
  t.same(end.participants, ['kostaspap']);
  t.same(end.p_any_ip_addresses, ['::'], 'the IPv6 wildcard of [::]:3022');

  t.match(byEvent.get('session.data'), { ei: 2147483646, tx: 5848, rx: 5286, time: '2020-08-07 07:52:25.000000000' });
  const network = byEvent.get('session.network') as Obj;
  t.match(network, { cgroup_id: 4294967372, dst_port: 80, version: 4, program: 'yum' });
  t.same(network.p_any_ip_addresses, ['1.1.1.1', '2.1.1.1']);
  t.same(at(byEvent.get('session.command'), 'argv'), ['-u']);
  t.match(byEvent.get('user.create'), { expires: '2020-08-08 13:39:41.895085658', connector: 'github', roles: ['admin'] });
  const login = byEvent.get('user.login') as Obj;
  t.match(login, { code: 'T1001W', success: false, method: 'github' });
  t.notOk('user' in login);
  t.same(login.p_any_usernames, []);
  const exec = byEvent.get('exec') as Obj;
  t.equal(exec.kubernetes_cluster, 'clusterOne', 'undeclared keys are kept');
  t.same(exec.p_any_ip_addresses, ['151.181.228.114', '172.31.28.130']);
  const desktop = byEvent.get('windows.desktop.session.start') as Obj;
  t.match(desktop, { code: 'TDP00I', success: true, login: 'administrator' });
  t.same(desktop.p_any_ip_addresses, ['192.168.1.206']);
});

t.test('loosely typed values are taken', async (t) => {
  const [r] = classifyLines([TeleportAudit], [JSON.stringify({ code: 'T3002I', event: 'exec', time: '2020-10-30T17:28:14.705Z', uid: '8ea5be3d-07b1-4308-8e0d-2d2ec57cbb20', command: 'ls /', exitCode: '0' })]);
  t.equal(r?.kind === 'event' ? r.event.exitCode : r?.kind, 0, 'exitCode as Teleport writes it, a string');
  const [n] = classifyLines([TeleportAudit], [JSON.stringify({ ...(JSON.parse(lines[3] as string) as Obj), action: 1 })]);
  t.equal(n?.kind === 'event' ? n.event.action : n?.kind, '1', 'the numeric action of session.network');
  const [c] = classifyLines([TeleportAudit], [JSON.stringify({ code: 'TAL001E', event: 'access_list.create', time: '2020-06-05T16:24:05Z', uid: '68a83a99-73ce-4bd7-bbf7-99103c2ba6a0' })]);
  t.equal(c?.kind, 'event', 'seven-character codes');
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(rejection([TeleportAudit], variant({ uid: undefined })), /uid: required field missing/);
  t.match(rejection([TeleportAudit], variant({ code: undefined })), /code: required field missing/);
  t.match(rejection([TeleportAudit], variant({ time: 1596786729 })), /time: expected timestamp/);
  t.match(rejection([TeleportAudit], variant({ code: 'session' })), /code "session" is not a Teleport event code/);
  t.match(rejection([TeleportAudit], variant({ event: 'Session Start' })), /event "Session Start" is not a Teleport event type/);
  t.match(rejection([TeleportAudit], variant({ uid: '12345' })), /uid "12345" is not a UUID/);
  t.match(rejection([TeleportAudit], variant({ ei: 'zero' })), /ei: expected integer/);
  t.match(rejection([TeleportAudit], variant({ argv: '-u' })), /argv: expected array/);
});

t.test('with every log type the samples are Teleport events, and no other sample is one', async (t) => {
  const results = classifyLines(builtinLogTypes, lines);
  t.same(results.map((r) => (r.kind === 'event' ? r.logType.name : r.kind)), lines.map(() => 'Gravitational.TeleportAudit'));
  for (const file of sampleFiles().filter((f) => !f.includes('/parsers/gravitational/'))) {
    const text = readFileSync(file, 'utf8');
    const units = /^\s*\{\s*"Records"/.test(text)
      ? (JSON.parse(text) as { Records: unknown[] }).Records.map((r) => JSON.stringify(r))
      : text.split('\n').filter((l) => l.trim() !== '');
    const c = classifier(logTypes);
    t.same(units.filter((l) => c.classify(l).kind !== 'unclassified'), [], basename(file));
  }
});
