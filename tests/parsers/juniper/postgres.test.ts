import t from 'tap';
import { Postgres, parsePostgres } from '../../../parsers/juniper/postgres.js';
import type { ParseResult } from '../../../parsers/core/logtype.js';
import { classifyLines, eventsOf, sampleLines } from '../../helpers/parse.js';

const lines = sampleLines(new URL('../../../parsers/juniper/samples/Juniper.Postgres.log', import.meta.url));
const NOW = Date.UTC(2024, 2, 20, 12);

const event = (r: ParseResult): Record<string, unknown> => {
  if (r.ok !== true) throw new Error(`not an event: ${JSON.stringify(r)}`);
  return r.event;
};
const reasonOf = (line: string): string => {
  const r = parsePostgres(line, NOW);
  return r.ok === false ? r.reason : `accepted: ${JSON.stringify(r)}`;
};

t.test('postgres lines parse into their fields', async (t) => {
  const [error, statement, log] = lines.map((l) => event(parsePostgres(l, NOW)));
  t.same(error, {
    timestamp: '2024-02-24 14:58:08.000000000',
    hostname: 'webappsecure',
    pid: 7694,
    group_id_major: 10,
    group_id_minor: 1,
    sql_error_code: '42701',
    session_id: '530b5e00.1e0e',
    message_type: 'ERROR',
    message: 'column "requests" of relation "sessiongroup" already exists',
  });
  t.match(statement, { group_id_major: 10, group_id_minor: 2, message_type: 'STATEMENT', message: 'ALTER TABLE sessiongroup ADD COLUMN requests integer' });
  t.match(log, { pid: 7612, sql_error_code: '00000', message_type: 'LOG', timestamp: '2024-02-24 14:57:51.000000000' });
  t.match(event(parsePostgres('Feb 24 14:58:08 webappsecure postgres[7694] : [1-1] 00000 530b5e00.1e0e LOG:  x', NOW)), { pid: 7694, message: 'x' }, 'the space before ":" of the docs');
  t.notOk('message' in event(parsePostgres('Feb 24 14:58:08 webappsecure postgres[7694]: [1-1] 00000 530b5e00.1e0e LOG:', NOW)));
});

t.test('through the classifier', async (t) => {
  const events = eventsOf(classifyLines([Postgres], lines));
  t.same(events.map((e) => e.p_log_type), Array(3).fill('Juniper.Postgres'));
  t.equal(events[2]?.p_event_time, events[2]?.timestamp);
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(reasonOf('Feb 24 14:58:08 webappsecure sshd[7694]: [10-1] 42701 530b5e00.1e0e ERROR: x'), /not a "postgres\[pid\]:" line/);
  t.match(reasonOf('Feb 24 14:58:08 webappsecure postgres[7694]: 42701 530b5e00.1e0e ERROR: x'), /expected "postgres\[pid\]: \[major-minor\]/);
  t.match(reasonOf('Feb 24 14:58:08 webappsecure postgres[7694]: [10-1] 42701 530b5e00.1e0e error: x'), /expected "postgres/);
  t.match(reasonOf('2024-02-24 14:58:08 UTC [7694] LOG: x'), /expected "Mmm dd/);
});
