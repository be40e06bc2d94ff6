import t from 'tap';
import { Audit, parseAudit } from '../../../parsers/juniper/audit.js';
import type { ParseResult } from '../../../parsers/core/logtype.js';
import { classifyLines, eventsOf, sampleLines } from '../../helpers/parse.js';

const lines = sampleLines(new URL('../../../parsers/juniper/samples/Juniper.Audit.log', import.meta.url));
const NOW = Date.UTC(2024, 2, 20, 12);

const event = (r: ParseResult): Record<string, unknown> => {
  if (r.ok !== true) throw new Error(`not an event: ${JSON.stringify(r)}`);
  return r.event;
};
const reasonOf = (line: string): string => {
  const r = parseAudit(line, NOW);
  return r.ok === false ? r.reason : `accepted: ${JSON.stringify(r)}`;
};

t.test("the vendor's examples: logins, API key actions, configuration changes", async (t) => {
  const [login, deactivate, failed, config, loginIp] = lines.map((l) => event(parseAudit(l, NOW)));
  t.equal(lines.length, 5);
  t.same(login, { timestamp: '2024-01-22 16:14:23.000000000', hostname: 'my-jwas', log_level: 'INFO', message: 'Logged in successfully', username: 'mykonos' }, 'an empty login IP is absent');
  t.same(deactivate, {
    timestamp: '2024-01-23 19:16:22.000000000',
    hostname: 'my-jwas',
    log_level: 'INFO',
    message: 'Deactivate response 1832840420318015488',
    api_key: 'ea77722a8516b0d1135abb19b1982852',
  });
  t.match(failed, { timestamp: '2024-02-07 20:29:51.000000000', message: 'Login failed. Attempt: 1', username: 'mykonos' });
  t.same(config, {
    timestamp: '2024-02-14 19:02:54.000000000',
    hostname: 'my-jwas',
    log_level: 'INFO',
    message: 'Changed configuration parameters: services.spotlight.enabled, services.spotlight.server_address',
    username: 'mykonos',
  });
  t.match(loginIp, { username: 'mykonos', login_ip: '10.10.0.117' });
  t.same(event(parseAudit('Jan 22 16:14:23 my-jwas [mws-audit][INFO] [ea77722a8516b0d1135abb19b1982852] [10.0.0.9] Logged in', NOW)).username, 'ea77722a8516b0d1135abb19b1982852', 'before a login IP it is a user');
  t.notOk('message' in event(parseAudit('Jan 22 16:14:23 my-jwas [mws-audit][INFO] [mykonos]', NOW)));
});

t.test('through the classifier: indicators and event time', async (t) => {
  const events = eventsOf(classifyLines([Audit], lines));
  t.same(events.map((e) => e.p_log_type), Array(5).fill('Juniper.Audit'));
  t.same(events[0]?.p_any_usernames, ['mykonos']);
  t.same(events[0]?.p_any_ip_addresses, []);
  t.same(events[1]?.p_any_usernames, [], 'an API key is no user name');
  t.same(events[4]?.p_any_ip_addresses, ['10.10.0.117']);
  t.equal(events[4]?.p_event_time, events[4]?.timestamp);
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(reasonOf('Jan 22 16:14:23 my-jwas [INFO][mws-audit] [mykonos] Logged in'), /not an \[mws-audit\] line/);
  t.match(reasonOf('Jan 22 16:14:23 my-jwas [mws-audit] [mykonos] Logged in'), /expected \[LEVEL\]/);
  t.match(reasonOf('Jan 22 16:14:23 my-jwas [mws-audit][INFO] Logged in'), /expected \[user\] or \[api key\]/);
  t.match(reasonOf('Jan 22 16:14:23 my-jwas [mws-audit][INFO] [mykonos]Logged in'), /expected a space before the message/);
  t.match(reasonOf('<13>Jan 22 16:14:23 my-jwas [mws-audit][INFO] [mykonos] x'), /expected "Mmm dd/);
});
