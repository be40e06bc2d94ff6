import t from 'tap';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { logTypes } from '../../../parsers/fluentd/index.js';
import { Syslog3164, Syslog5424 } from '../../../parsers/fluentd/syslog.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { sampleFiles } from '../../../parsers/samples.js';
import { classifier, classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const bsd = sampleLines(new URL('../../../parsers/fluentd/samples/Fluentd.Syslog3164.jsonl', import.meta.url));
const modern = sampleLines(new URL('../../../parsers/fluentd/samples/Fluentd.Syslog5424.jsonl', import.meta.url));
const names = (ls: string[]): string[] => classifyLines(builtinLogTypes, ls).map((r) => (r.kind === 'event' ? r.logType.name : r.kind));

t.test('RFC 3164 records', async (t) => {
  const events = eventsOf(classifyLines([Syslog3164], bsd)) as Obj[];
  t.equal(events.length, 4);
  const [sudo, timesyncd, sshd, cron] = events as [Obj, Obj, Obj, Obj];
  t.same(
    Object.fromEntries(Object.entries(sudo).filter(([k]) => !k.startsWith('p_'))),
    {
      pri: 6,
      host: 'ip-172-31-84-73',
      pid: 11111,
      ident: 'sudo',
      message: 'pam_unix(sudo:session): session closed for user root',
      tag: 'syslog.authpriv.info',
      time: '2020-03-23 16:14:06.000000000',
    },
    'the pid string becomes a number',
  );
  t.equal(sudo.p_event_time, '2020-03-23 16:14:06.000000000');
  t.equal(sudo.p_log_type, 'Fluentd.Syslog3164');
  t.same(sudo.p_any_domain_names, [], 'a bare host name is no domain');
  t.notOk('pri' in timesyncd || 'pid' in timesyncd, 'pri and pid are optional');
  t.equal(timesyncd.tag, 'syslog.cron.info');
  t.same(sshd.p_any_ip_addresses, ['150.18.226.10'], 'IPs in the message are indicators');
  t.equal(sshd.time, '2020-04-19 20:20:05.000000000');
  t.match(cron, { time: '2024-03-05 14:00:01.000000000', pid: 31337, source_host: '10.0.1.25' });
  t.same(cron.p_any_domain_names, ['web-02.example.com']);
  t.same(cron.p_any_ip_addresses, ['10.0.1.25']);
});

t.test('RFC 5424 records', async (t) => {
  const events = eventsOf(classifyLines([Syslog5424], modern)) as Obj[];
  t.equal(events.length, 4);
  const [ip, domain, nil, noMessage] = events as [Obj, Obj, Obj, Obj];
  t.same(
    Object.fromEntries(Object.entries(ip).filter(([k]) => !k.startsWith('p_'))),
    {
      pri: 16,
      host: '192.168.0.1',
      ident: 'fluentd',
      pid: '11111',
      msgid: 'ID24224',
      extradata: '[exampleSDID@20224 iut="3" eventSource="Application" eventID="11211"]',
      message: '[error] Syslog test',
      tag: 'syslog.authpriv.info',
      time: '2020-03-23 16:14:06.000000000',
    },
  );
  t.same(ip.p_any_ip_addresses, ['192.168.0.1']);
  t.same(domain.p_any_domain_names, [], 'ip-192-168-0-1 is a bare host name');
  t.same(domain.p_any_ip_addresses, []);
  t.match(nil, { pid: '-', msgid: 'ID47', extradata: '-', time: '2003-10-11 22:14:15.000000000', p_event_time: '2003-10-11 22:14:15.000000000' });
  t.same(nil.p_any_domain_names, ['mymachine.example.com']);
  t.notOk('message' in noMessage, 'MSG is optional in RFC 5424');
  t.equal(noMessage.time, '2003-10-11 22:14:15.003000000');
  t.equal(classifyLines([Syslog5424], [JSON.stringify({ ...(JSON.parse(modern[0] as string) as Obj), pid: 8710 })])[0]?.kind, 'event', 'a numeric pid is taken too');
});

t.test('near misses are rejected with a reason', async (t) => {
  const b = JSON.parse(bsd[0] as string) as Obj;
  const m = JSON.parse(modern[0] as string) as Obj;
  const v = (o: Obj, patch: Obj): string => JSON.stringify({ ...o, ...patch });
  t.match(rejection([Syslog3164], modern[0] as string), /msgid\/extradata present: an RFC 5424 record/);
  t.match(rejection([Syslog5424], bsd[0] as string), /msgid: required field missing/);
  t.match(rejection([Syslog3164], v(b, { tag: 'app.logs' })), /tag "app.logs" is not <tag>.<facility>.<priority>/);
  t.match(rejection([Syslog5424], v(m, { tag: 'syslog.kernel.info' })), /is not <tag>.<facility>.<priority>/);
  t.match(rejection([Syslog3164], v(b, { tag: undefined })), /tag: required field missing/);
  t.match(rejection([Syslog3164], v(b, { ident: undefined })), /ident: required field missing/);
  t.match(rejection([Syslog3164], v(b, { time: 'Mar 23 16:14:06' })), /time: expected timestamp/);
  t.match(rejection([Syslog3164], v(b, { pid: 'abc' })), /pid: expected integer/);
  t.match(rejection([Syslog5424], v(m, { extradata: undefined })), /extradata: required field missing/);
});

t.test('with every log type: each record lands on its type, raw syslog lines on Syslog.*', async (t) => {
  t.same(names(bsd), bsd.map(() => 'Fluentd.Syslog3164'));
  t.same(names(modern), modern.map(() => 'Fluentd.Syslog5424'));
  t.same(names(["<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8"]), ['Syslog.RFC3164']);
  t.same(names(['<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% do-nuts']), ['Syslog.RFC5424']);
  for (const file of sampleFiles().filter((f) => !f.includes('/parsers/fluentd/'))) {
    const text = readFileSync(file, 'utf8');
    const units = /^\s*\{\s*"Records"/.test(text)
      ? (JSON.parse(text) as { Records: unknown[] }).Records.map((r) => JSON.stringify(r))
      : text.split('\n').filter((l) => l.trim() !== '');
    const c = classifier(logTypes);
    t.same(units.filter((l) => c.classify(l).kind !== 'unclassified'), [], `${basename(file)} is not Fluentd`);
  }
});
