import t from 'tap';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { RFC3164, bsdTimestamp, parseRfc3164 } from '../../../parsers/syslog/rfc3164.js';
import { RFC5424 } from '../../../parsers/syslog/rfc5424.js';
import { classifyLines, eventsOf, sampleLines } from '../../helpers/parse.js';

const lines = sampleLines(new URL('../../../parsers/syslog/samples/Syslog.RFC3164.log', import.meta.url));
// A fixed "now" for exact timestamps: 2024-03-20 12:00 UTC.
const NOW = Date.UTC(2024, 2, 20, 12);

const parse = (line: string, now = NOW): Record<string, unknown> => {
  const r = parseRfc3164(line, now);
  if (r.ok !== true) throw new Error(`rejected: ${JSON.stringify(r)}`);
  return r.event;
};
const reasonOf = (line: string): string => {
  const r = parseRfc3164(line, NOW);
  return r.ok === false ? r.reason : `accepted: ${JSON.stringify(r)}`;
};

t.test('the year of a BSD timestamp: the latest not more than a day ahead of now', async (t) => {
  const june15 = Date.UTC(2024, 5, 15, 12);
  t.equal(bsdTimestamp(6, 14, 8, 0, 0, june15), '2024-06-14 08:00:00.000000000');
  t.equal(bsdTimestamp(6, 16, 11, 0, 0, june15), '2024-06-16 11:00:00.000000000', 'less than a day ahead: skew, same year');
  t.equal(bsdTimestamp(6, 17, 0, 0, 0, june15), '2023-06-17 00:00:00.000000000', 'more than a day ahead: last year');
  t.equal(bsdTimestamp(12, 31, 23, 59, 59, Date.UTC(2025, 0, 1, 0, 30)), '2024-12-31 23:59:59.000000000', 'just after New Year');
  t.equal(bsdTimestamp(1, 1, 0, 10, 0, Date.UTC(2024, 11, 31, 23, 50)), '2025-01-01 00:10:00.000000000', 'a sender a little ahead at New Year');
  t.equal(bsdTimestamp(2, 29, 10, 0, 0, Date.UTC(2025, 5, 1)), '2024-02-29 10:00:00.000000000', 'February 29th goes back to a leap year');
  t.equal(bsdTimestamp(2, 30, 10, 0, 0, june15), null);
});

t.test('RFC 3164 examples and realistic lines parse to the expected values', async (t) => {
  const [su, bfg, donuts, relayed, sshd, sshdFail, sudo, cron, logind, postfix, kernel, iso] = lines.map((l) => parse(l));
  t.equal(lines.length, 12);

  t.same(su, {
    priority: 34,
    facility: 4,
    severity: 2,
    timestamp: '2023-10-11 22:14:15.000000000',
    hostname: 'mymachine',
    appname: 'su',
    message: "'su root' failed for lonvick on /dev/pts/8",
  });
  t.same(bfg, { priority: 13, facility: 1, severity: 5, timestamp: '2024-02-05 17:32:18.000000000', hostname: '10.0.0.99', message: 'Use the BFG!' }, 'no TAG: all of it is the message');
  t.match(donuts, { priority: 165, hostname: 'CST', message: "1987 mymachine myproc[10]: %% It's time to make the do-nuts.  %%  Ingredients: Mix=OK, Jumbo=OK, Grill=OK" });
  t.notOk('appname' in (donuts as object));
  t.match(relayed, { priority: 0, facility: 0, severity: 0, hostname: 'scapegoat', timestamp: '2023-10-22 10:52:04.000000000' });
  t.match(sshd, { priority: 38, facility: 4, severity: 6, hostname: 'bastion-01', appname: 'sshd', procid: '24511', timestamp: '2024-03-05 14:22:31.000000000' });
  t.equal(sshd?.message, 'Accepted publickey for deploy from 203.0.113.45 port 51722 ssh2: ED25519 SHA256:2Xh5YbC0lJq3fE8r');
  t.match(sshdFail, { procid: '24530', message: 'Failed password for invalid user admin from 198.51.100.7 port 40022 ssh2' });
  t.match(sudo, { priority: 85, facility: 10, appname: 'sudo', message: '  deploy : TTY=pts/0 ; PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx' });
  t.notOk('procid' in (sudo as object));
  t.match(cron, { hostname: 'web-02.example.com', appname: 'CRON', procid: '31337', message: '(root) CMD (/usr/local/bin/backup.sh --quiet)' });
  t.match(logind, { appname: 'systemd-logind', procid: '812', timestamp: '2024-03-12 08:01:15.000000000' });
  t.match(postfix, { appname: 'postfix/smtpd', procid: '2231', message: 'connect from unknown[192.0.2.200]' });
  t.match(kernel, { priority: 6, facility: 0, severity: 6, appname: 'kernel', message: '[UFW BLOCK] IN=eth0 OUT= SRC=203.0.113.9 DST=10.0.1.25 PROTO=TCP SPT=443 DPT=51822' });
  t.same(iso, { priority: 28, facility: 3, severity: 4, timestamp: '2019-12-02 14:49:23.000000000', hostname: 'host', appname: 'app', procid: '23410', message: 'Test' });
});

t.test('variants: no hostname, single-digit day with one space, empty message', async (t) => {
  t.same(parse('<13>Oct 11 22:14:15 su: hello'), { priority: 13, facility: 1, severity: 5, timestamp: '2023-10-11 22:14:15.000000000', appname: 'su', message: 'hello' });
  t.equal(parse('<13>Mar 5 01:02:03 host app: x').timestamp, '2024-03-05 01:02:03.000000000');
  t.same(parse('<13>Mar  5 01:02:03 host app[7]:'), { priority: 13, facility: 1, severity: 5, timestamp: '2024-03-05 01:02:03.000000000', hostname: 'host', appname: 'app', procid: '7' });
  t.equal(parse('<13>Mar  5 01:02:03 2001:db8::1 app: x').hostname, '2001:db8::1', 'an IPv6 hostname is not taken for a TAG');
});

t.test('through the classifier: event time, indicators, the current year rule', async (t) => {
  const events = eventsOf(classifyLines([RFC3164], lines));
  const [su, bfg, , , , , , cron] = events as Array<Record<string, unknown>>;
  const now = Date.now();
  const ts = su?.timestamp as string;
  t.equal(ts.slice(4), '-10-11 22:14:15.000000000');
  const year = Number(ts.slice(0, 4));
  t.ok(Date.UTC(year, 9, 11, 22, 14, 15) <= now + 86_400_000, 'not more than a day ahead');
  t.ok(Date.UTC(year + 1, 9, 11, 22, 14, 15) > now + 86_400_000, 'and the latest such year');
  t.equal(su?.p_event_time, ts);
  t.equal(su?.p_log_type, 'Syslog.RFC3164');
  t.same(su?.p_any_domain_names, [], 'a bare host name is no domain');
  t.same(bfg?.p_any_ip_addresses, ['10.0.0.99']);
  t.same(cron?.p_any_domain_names, ['web-02.example.com']);
});

t.test('RFC 5424 lines and junk are rejected with a reason', async (t) => {
  t.match(reasonOf("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - 'su root' failed"), /RFC 5424/);
  t.match(reasonOf('Use the BFG!'), /missing <PRI>/, 'PRI is required');
  t.match(reasonOf("<0>1990 Oct 22 10:52:01 TZ-6 scapegoat.dmz.example.org 10.1.2.3 sched[0]: That's All Folks!"), /TIMESTAMP/);
  t.match(reasonOf('<34>Oct 32 22:14:15 host su: x'), /invalid TIMESTAMP "Oct 32 22:14:15"/);
  t.match(reasonOf('<34>Foo 11 22:14:15 host su: x'), /invalid TIMESTAMP/);
  t.match(reasonOf('<34>Oct 11 22:14:15'), /HOSTNAME missing/, 'truncated after the timestamp');
  t.match(reasonOf('<34>Oct 11 22:14'), /expected a "Mmm dd hh:mm:ss" TIMESTAMP/);
  t.match(reasonOf('<200>Oct 11 22:14:15 host su: x'), /invalid PRI/);
  t.match(reasonOf('{"uuid":"x"}'), /missing <PRI>/);
});

t.test('with every log type, each line lands on Syslog.RFC3164 and 5424 lines do not', async (t) => {
  const results = classifyLines(builtinLogTypes, lines);
  t.same(
    results.map((r) => (r.kind === 'event' ? r.logType.name : r.kind)),
    lines.map(() => 'Syslog.RFC3164'),
  );
  const modern = classifyLines(builtinLogTypes, ['<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% do-nuts']);
  t.equal(modern[0]?.kind === 'event' ? modern[0].logType : undefined, RFC5424);
  const junk = classifyLines(builtinLogTypes, ['<34>Oct 11 22:14']);
  t.equal(junk[0]?.kind, 'unclassified');
  const reasons = junk[0]?.kind === 'unclassified' ? junk[0].reasons : [];
  t.match(reasons.find((r) => r.logType === 'Syslog.RFC3164')?.reason, /TIMESTAMP/);
});
