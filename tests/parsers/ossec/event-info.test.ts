import t from 'tap';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { EventInfo } from '../../../parsers/ossec/event-info.js';
import { logTypes } from '../../../parsers/ossec/index.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { sampleFiles } from '../../../parsers/samples.js';
import { at, classifier, classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/ossec/samples/OSSEC.EventInfo.jsonl', import.meta.url));
const base = JSON.parse(lines[1] as string) as Obj;
const variant = (patch: Obj): string => JSON.stringify({ ...base, ...patch });

t.test('alerts keep their keys, with the timestamp normalized', async (t) => {
  const events = eventsOf(classifyLines([EventInfo], lines)) as Obj[];
  t.equal(events.length, 4);
  const [syslogd, sshd, syscheck, web] = events as [Obj, Obj, Obj, Obj];

  t.match(syslogd, {
    rule: { level: 5, comment: 'Syslogd restarted.', sidid: 1005, group: 'syslog,errors,' },
    id: '1510376401.0',
    TimeStamp: '2017-11-11 05:00:01.000000000',
    location: '/var/log/messages',
    full_log: 'Nov 11 00:00:01 ix syslogd[72090]: restart',
    hostname: 'ix',
    program_name: 'syslogd',
    p_log_type: 'OSSEC.EventInfo',
    p_event_time: '2017-11-11 05:00:01.000000000',
  });
  t.same(syslogd.p_any_ip_addresses, []);
  t.same(syslogd.p_any_domain_names, [], 'a bare host name is no domain');

  t.match(sshd, { TimeStamp: '2023-11-20 14:05:02.000000000', decoder: 'sshd', srcport: '52244', dstuser: 'admin', agentip: '10.0.1.15', logfile: '/var/log/auth.log' });
  t.same(at(sshd, 'rule'), {
    level: 5,
    comment: 'SSHD authentication failed.',
    sidid: 5716,
    firedtimes: 3,
    group: 'syslog,sshd,authentication_failed,',
    groups: ['syslog', 'sshd', 'authentication_failed'],
    PCI_DSS: ['10.2.4', '10.2.5'],
  });
  t.same(sshd.p_any_ip_addresses, ['10.0.1.15', '203.0.113.77'], 'srcip and the agent IP');
  t.same(sshd.p_any_usernames, ['admin']);

  t.equal(at(syscheck, 'SyscheckFile', 'path'), '/etc/passwd');
  t.same(syscheck.p_any_md5_hashes, ['2f1d3c4b5a69788796a5b4c3d2e1f0ab', '8c6e0f0a1b5d2c3e4f5a6b7c8d9e0f1a']);
  t.same(syscheck.p_any_sha1_hashes, ['4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b', 'b5a6f7e8d9c0b1a2f3e4d5c6b7a8f9e0d1c2b3a4']);
  t.notOk('srcip' in syscheck);

  t.same(web.decoder, { name: 'web-accesslog' }, 'a decoder object under the decoder key is kept');
  t.same(web.p_any_ip_addresses, ['10.0.1.16', '198.51.100.14']);
  t.same(web.p_any_domain_names, [], 'a path-only url has no host');
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(rejection([EventInfo], variant({ TimeStamp: undefined })), /TimeStamp: required field missing/);
  t.match(rejection([EventInfo], variant({ TimeStamp: '2023-11-20 14:05:02' })), /TimeStamp: expected timestamp/);
  t.match(rejection([EventInfo], variant({ rule: { level: 5, description: 'x', id: '5716', groups: [] } })), /rule\.comment: required field missing/, 'a Wazuh rule');
  t.match(rejection([EventInfo], variant({ rule: { ...(base.rule as Obj), sidid: '5716' } })), /rule\.sidid: expected integer/);
  t.match(rejection([EventInfo], variant({ id: 'a1b2' })), /id "a1b2" is not an OSSEC alert id/);
  t.match(rejection([EventInfo], variant({ full_log: undefined })), /full_log: required field missing/);
  t.match(rejection([EventInfo], variant({ srcip: 203 })), /srcip: expected string/);
  t.equal(classifyLines([EventInfo], [variant({ hostname: undefined, srcport: 52244 })])[0]?.kind, 'event', 'hostname is optional; a numeric port is taken');
});

t.test('with every log type the samples are OSSEC alerts, and no other sample is one', async (t) => {
  const results = classifyLines(builtinLogTypes, lines);
  t.same(results.map((r) => (r.kind === 'event' ? r.logType.name : r.kind)), lines.map(() => 'OSSEC.EventInfo'));
  for (const file of sampleFiles().filter((f) => !f.includes('/parsers/ossec/'))) {
    const text = readFileSync(file, 'utf8');
    const units = /^\s*\{\s*"Records"/.test(text)
      ? (JSON.parse(text) as { Records: unknown[] }).Records.map((r) => JSON.stringify(r))
      : text.split('\n').filter((l) => l.trim() !== '');
    const c = classifier(logTypes);
    t.same(units.filter((l) => c.classify(l).kind !== 'unclassified'), [], basename(file));
  }
});
