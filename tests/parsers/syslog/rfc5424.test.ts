import t from 'tap';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { RFC3164 } from '../../../parsers/syslog/rfc3164.js';
import { RFC5424, parseRfc5424 } from '../../../parsers/syslog/rfc5424.js';
import { classifyLines, eventsOf, sampleLines } from '../../helpers/parse.js';

const lines = sampleLines(new URL('../../../parsers/syslog/samples/Syslog.RFC5424.log', import.meta.url));
const PARSE_TIME = '2026-01-01 00:00:00.000000000';

const reasonOf = (line: string): string => {
  const r = parseRfc5424(line);
  return r.ok === false ? r.reason : `accepted: ${JSON.stringify(r)}`;
};

t.test('RFC 5424 examples and realistic lines parse to the expected values', async (t) => {
  const events = eventsOf(classifyLines([RFC5424], lines));
  t.equal(events.length, 9);
  const [su, donuts, evnts, sdOnly, sshd, sudo, cron, escapes, nil] = events as Array<Record<string, unknown>>;

  t.match(su, {
    priority: 34,
    facility: 4,
    severity: 2,
    version: 1,
    timestamp: '2003-10-11 22:14:15.003000000',
    hostname: 'mymachine.example.com',
    appname: 'su',
    msgid: 'ID47',
    message: "'su root' failed for lonvick on /dev/pts/8",
    p_log_type: 'Syslog.RFC5424',
    p_event_time: '2003-10-11 22:14:15.003000000',
  });
  t.notOk('procid' in (su as object), 'a "-" PROCID is absent');
  t.notOk('structured_data' in (su as object), 'a "-" STRUCTURED-DATA is absent');
  t.same(su?.p_any_domain_names, ['mymachine.example.com']);

  t.match(donuts, { priority: 165, facility: 20, severity: 5, procid: '8710', hostname: '192.0.2.1', message: "%% It's time to make the do-nuts." });
  t.equal(donuts?.timestamp, '2003-08-24 12:14:15.000003000', 'the -07:00 offset is folded into UTC, microseconds kept');
  t.notOk('msgid' in (donuts as object));
  t.same(donuts?.p_any_ip_addresses, ['192.0.2.1'], 'an IP hostname is an IP indicator');
  t.same(donuts?.p_any_domain_names, []);

  t.same(evnts?.structured_data, { 'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' } });
  t.equal(evnts?.message, 'An application event log entry...', 'the byte order mark is stripped');

  t.same(sdOnly?.structured_data, {
    'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' },
    'examplePriority@32473': { class: 'high' },
  });
  t.notOk('message' in (sdOnly as object), 'no MSG, no message');

  t.match(sshd, { appname: 'sshd', procid: '24511', timestamp: '2024-03-05 14:22:31.512844000' });
  t.same(sshd?.p_any_ip_addresses, ['10.0.4.17'], 'origin ip is an indicator');
  t.same(sshd?.p_any_domain_names, ['bastion-01.example.com']);

  t.match(sudo, { priority: 85, facility: 10, severity: 5, appname: 'sudo', timestamp: '2024-03-05 14:22:40.000000000' });
  t.same(sudo?.structured_data, { timeQuality: { tzKnown: '1', isSynced: '1', syncAccuracy: '60000' } });
  t.notOk('procid' in (sudo as object));

  t.match(cron, { hostname: 'web-02', appname: 'CRON', procid: '31337', timestamp: '2024-03-05 14:00:01.004000000' });
  t.same(cron?.p_any_domain_names, [], 'a bare host name is not a domain');

  t.same(escapes?.structured_data, { 'meta@32473': { path: 'C:\\Windows\\Temp', note: 'said "hi"', rule: 'block[]', raw: 'a\\b' } });
  t.match(escapes, { msgid: 'TCPIN', message: '203.0.113.9:443 -> 10.1.2.3:51822 dropped' });

  t.same(
    Object.keys(nil as object).filter((k) => !k.startsWith('p_')),
    ['priority', 'facility', 'severity', 'version', 'message'],
    'every NILVALUE field is absent',
  );
  t.equal(nil?.p_event_time, PARSE_TIME, 'a "-" timestamp leaves the parse time as event time');
});

t.test('RFC 3164 lines and junk are rejected with a reason', async (t) => {
  t.match(reasonOf("<34>Oct 11 22:14:15 mymachine su: 'su root' failed"), /RFC 3164/);
  t.match(reasonOf('Use the BFG!'), /missing <PRI>/);
  t.match(reasonOf('<192>1 2003-10-11T22:14:15.003Z host app - - -'), /invalid PRI "192"/);
  t.match(reasonOf('<034>1 2003-10-11T22:14:15.003Z host app - - -'), /leading zeros/);
  t.match(reasonOf('<34 1 2003'), /malformed <PRI>/);
  t.match(reasonOf('<34>0 2003-10-11T22:14:15.003Z host app - - -'), /expected VERSION/);
  t.match(reasonOf('<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su'), /truncated/);
  t.match(reasonOf('<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47'), /truncated line: nothing after MSGID/);
  t.match(reasonOf('<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 '), /STRUCTURED-DATA: expected "-" or "\["/);
  t.match(reasonOf('<34>1 2003-10-11 22:14:15 mymachine.example.com su - ID47 - x'), /invalid TIMESTAMP "2003-10-11"/);
  t.match(reasonOf('<34>1 2003-10-11T22:14:15.003 mymachine.example.com su - ID47 - x'), /invalid TIMESTAMP/, 'the offset is mandatory');
  t.match(reasonOf('<34>1 2003-02-30T22:14:15Z host su - ID47 - x'), /invalid TIMESTAMP/);
  t.match(reasonOf('<34>1 2003-10-11T22:14:15Z host  su - ID47 - x'), /APP-NAME: empty/);
  t.match(reasonOf('<165>1 2003-10-11T22:14:15.003Z host app - ID47 [exampleSDID@32473 iut="3'), /unterminated value/);
  t.match(reasonOf('<165>1 2003-10-11T22:14:15.003Z host app - ID47 [exampleSDID@32473 iut="3"'), /missing "\]"/);
  t.match(reasonOf('<165>1 2003-10-11T22:14:15.003Z host app - ID47 [exampleSDID@32473 iut=3]'), /expected ="value"/);
  t.match(reasonOf('<165>1 2003-10-11T22:14:15.003Z host app - ID47 [] x'), /invalid SD-ID ""/);
  t.match(reasonOf('<165>1 2003-10-11T22:14:15.003Z host app - ID47 [a b="c"]x'), /expected a space before MSG/);
  t.match(reasonOf('<165>1 2003-10-11T22:14:15.003Z host app - ID47 -x'), /expected a space before MSG/);
  t.match(reasonOf('{"version":"0","severity":"INFO"}'), /missing <PRI>/);
});

t.test('SD names like __proto__ stay plain keys', async (t) => {
  const r = parseRfc5424('<14>1 - host app - - [__proto__ polluted="yes"] x');
  if (r.ok !== true) throw new Error(JSON.stringify(r));
  const sd = r.event.structured_data as Record<string, Record<string, string>>;
  t.ok(Object.prototype.hasOwnProperty.call(sd, '__proto__'));
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched');
});

t.test('with every log type, each line lands on Syslog.RFC5424 and 3164 lines do not', async (t) => {
  const results = classifyLines(builtinLogTypes, lines);
  t.same(
    results.map((r) => (r.kind === 'event' ? r.logType.name : r.kind)),
    lines.map(() => 'Syslog.RFC5424'),
  );
  const bsd = classifyLines(builtinLogTypes, ["<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8"]);
  t.equal(bsd[0]?.kind === 'event' ? bsd[0].logType : undefined, RFC3164);
});
