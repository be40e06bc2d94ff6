import t from 'tap';
import { MWS, parseMws } from '../../../parsers/juniper/mws.js';
import type { ParseResult } from '../../../parsers/core/logtype.js';
import { classifyLines, eventsOf, sampleLines } from '../../helpers/parse.js';

const lines = sampleLines(new URL('../../../parsers/juniper/samples/Juniper.MWS.log', import.meta.url));
const NOW = Date.UTC(2024, 2, 20, 12);

const event = (r: ParseResult): Record<string, unknown> => {
  if (r.ok !== true) throw new Error(`not an event: ${JSON.stringify(r)}`);
  return r.event;
};
const reasonOf = (line: string): string => {
  const r = parseMws(line, NOW);
  return r.ok === false ? r.reason : `accepted: ${JSON.stringify(r)}`;
};

t.test('level and component are optional', async (t) => {
  const [cleanup, ui, engine] = lines.map((l) => event(parseMws(l, NOW)));
  t.same(cleanup, {
    timestamp: '2024-03-19 18:42:38.000000000',
    hostname: 'my-jwas-instance',
    log_level: 'INFO',
    service_name: 'mws-cluster-services',
    service_component: 'db-cleanup',
    log_message: 'Database cleanup completed. Removed record count: 0',
  });
  t.same(ui, { timestamp: '2024-03-19 19:42:16.000000000', hostname: 'my-jwas-instance', service_name: 'mws-ui', log_message: 'spawned uWSGI worker 1 (pid: 11209, cores: 1)' });
  t.same(engine, { timestamp: '2024-03-19 20:18:26.000000000', hostname: 'my-jwas-instance', log_level: 'INFO', service_name: 'mws-security-engine', log_message: 'Server startup in 3080 ms' });
  t.same(
    event(parseMws('Mar 19 19:42:20 my-jwas-instance [mws-ui] [pid: 11209|app: 0|req: 1/1] 10.0.0.5 () {40 vars} GET /', NOW)),
    { timestamp: '2024-03-19 19:42:20.000000000', hostname: 'my-jwas-instance', service_name: 'mws-ui', log_message: '[pid: 11209|app: 0|req: 1/1] 10.0.0.5 () {40 vars} GET /' },
    'a bracket after a space starts the message, it is no component',
  );
  t.same(event(parseMws('Mar 19 19:42:20 h [WARN] [mws-backups]', NOW)), { timestamp: '2024-03-19 19:42:20.000000000', hostname: 'h', log_level: 'WARN', service_name: 'mws-backups' });
});

t.test('through the classifier', async (t) => {
  const events = eventsOf(classifyLines([MWS], lines));
  t.same(events.map((e) => e.p_log_type), Array(3).fill('Juniper.MWS'));
  t.equal(events[0]?.p_event_time, events[0]?.timestamp);
  t.same(events[0]?.p_any_ip_addresses, []);
});

t.test('lines of the other Juniper logs and near misses are rejected with a reason', async (t) => {
  t.match(reasonOf('Mar 19 21:11:47 host [INFO][mws-access][t] key:k,PHASE_REQUEST_PRE_PROCESS,1.2.3.4,http://x/'), /\[mws-access\] lines are Juniper.Access/);
  t.match(reasonOf('Jan 22 16:14:23 my-jwas [mws-audit][INFO] [mykonos] Logged in'), /\[mws-audit\] lines are Juniper.Audit/);
  t.match(reasonOf('Oct 13 16:33:13 jwas1 [INFO][mws-security-alert][traffic-info] MKS_Category="New Profile"'), /Juniper.Security/);
  t.match(reasonOf('Mar 19 18:42:38 h [INFO][nginx] started'), /expected an \[mws-...\] service name/);
  t.match(reasonOf('Mar 19 18:42:38 h [INFO]'), /expected an \[mws-...\] service name/);
  t.match(reasonOf('Mar 19 18:42:38 h kernel: IPTABLES Dropped: SRC=1.2.3.4'), /expected \[LEVEL\] or \[service\]/);
  t.match(reasonOf('Mar 19 18:42:38 h [mws-ui]x'), /expected a space before the message/);
});
