// Cron parsing (classic 5 fields and AWS 6 fields) and which scheduled queries are due at a tick.
import t from 'tap';
import { ScheduledQuerySpecSchema, type ScheduledQueryItem } from '../../../detections/analysis/spec.js';
import { CronError, cronMatches, lastFireBetween, nextFireAfter, parseCron } from '../../../detections/scheduled/cron.js';
import { dueQueries, dueSlot, type RunMarks } from '../../../detections/scheduled/due.js';

const at = (iso: string): Date => new Date(iso);

function query(name: string, schedule: Record<string, unknown>, enabled = true): ScheduledQueryItem {
  const spec = ScheduledQuerySpecSchema.parse({ AnalysisType: 'scheduled_query', QueryName: name, Enabled: enabled, Query: 'SELECT 1', Schedule: { TimeoutMinutes: 1, ...schedule } });
  return { type: 'scheduled_query', id: name, file: `${name}.yml`, path: `/x/${name}.yml`, spec };
}

t.test('classic 5-field cron: fields, names, lists, ranges, steps, Sunday as 0 or 7', async (t) => {
  const c = parseCron('*/15 9-17 * * MON-FRI');
  t.same([...c.minutes], [0, 15, 30, 45]);
  t.same([...c.hours], [9, 10, 11, 12, 13, 14, 15, 16, 17]);
  t.same([...c.weekdays].sort(), [1, 2, 3, 4, 5]);
  t.ok(cronMatches(c, at('2024-03-04T09:15:00Z')), 'Monday 09:15');
  t.notOk(cronMatches(c, at('2024-03-04T09:16:00Z')), 'not at :16');
  t.notOk(cronMatches(c, at('2024-03-03T09:15:00Z')), 'not on Sunday');
  t.same([...parseCron('0 0 * * 0,7').weekdays], [0], 'Sunday is 0 and 7');
  t.same([...parseCron('5/20 * * * *').minutes], [5, 25, 45], 'start/step');
  t.same([...parseCron('0 0 1 JAN,jul *').months], [1, 7]);
  // Both day fields restricted: either matches (classic cron).
  const either = parseCron('0 0 13 * 5');
  t.ok(cronMatches(either, at('2024-09-13T00:00:00Z')), 'the 13th');
  t.ok(cronMatches(either, at('2024-09-06T00:00:00Z')), 'a Friday');
  t.notOk(cronMatches(either, at('2024-09-07T00:00:00Z')), 'neither');
});

t.test('AWS 6-field cron: ? in one day field, weekdays 1-7 from Sunday, years, L, cron(...) wrapper', async (t) => {
  const c = parseCron('cron(0 12 ? * 2 *)');
  t.same([...c.weekdays], [1], 'AWS 2 is Monday');
  t.ok(cronMatches(c, at('2024-03-04T12:00:00Z')));
  t.notOk(cronMatches(c, at('2024-03-05T12:00:00Z')));
  const last = parseCron('30 23 L * ? *');
  t.ok(cronMatches(last, at('2024-02-29T23:30:00Z')), 'last day of a leap February');
  t.notOk(cronMatches(last, at('2024-02-28T23:30:00Z')));
  const year = parseCron('0 0 1 1 ? 2025');
  t.notOk(cronMatches(year, at('2024-01-01T00:00:00Z')));
  t.ok(cronMatches(year, at('2025-01-01T00:00:00Z')));
});

t.test('invalid expressions name the problem', async (t) => {
  const reason = (s: string): string => {
    try {
      parseCron(s);
      return 'parsed';
    } catch (err) {
      t.ok(err instanceof CronError);
      return (err as Error).message.replace(/^invalid cron expression "[^"]*": /, '');
    }
  };
  t.equal(reason('* * *'), 'expected 5 fields (min hour day month weekday) or 6 (AWS: ... year), got 3');
  t.equal(reason('0 24 * * *'), 'hours: 24 is outside 0-23');
  t.equal(reason('0 0 * FOO *'), 'month: "FOO" is not a number or a name');
  t.equal(reason('*/0 * * * *'), 'minutes: step "0" must be a positive number');
  t.equal(reason('0 0 10-2 * *'), 'day-of-month: range 10-2 goes backwards');
  t.equal(reason('0 0 ? * *'), '`?` is only valid in the 6-field AWS form');
  t.equal(reason('0 0 ? * ? *'), 'AWS cron needs `?` in exactly one of day-of-month and day-of-week');
  t.equal(reason('0 0 ? * 6#3 *'), 'day-of-week: "6#3" (W and # are not supported)');
});

t.test('fire-time search', async (t) => {
  const hourly = parseCron('0 * * * *');
  t.same(lastFireBetween(hourly, at('2024-03-04T09:30:00Z'), at('2024-03-04T11:10:00Z')), at('2024-03-04T11:00:00Z'), 'the latest slot in the window');
  t.equal(lastFireBetween(hourly, at('2024-03-04T11:00:00Z'), at('2024-03-04T11:59:00Z')), undefined, 'after is exclusive');
  t.same(nextFireAfter(hourly, at('2024-03-04T11:00:00Z')), at('2024-03-04T12:00:00Z'));
});

t.test('RateMinutes: due when never run or when the rate has passed since the last run (minute resolution)', async (t) => {
  const q = query('Hourly', { RateMinutes: 60 });
  const now = at('2024-03-04T12:00:40Z');
  t.same(dueSlot(q, undefined, now), at('2024-03-04T12:00:00Z'), 'never run: due now');
  t.equal(dueSlot(q, { lastRun: '2024-03-04T11:01:00.000Z' }, now), undefined, '59 minutes ago: not yet');
  t.same(dueSlot(q, { lastRun: '2024-03-04T11:00:00.000Z' }, now), at('2024-03-04T12:00:00Z'), '60 minutes ago: due');
  t.same(dueSlot(q, { lastRun: '2024-03-04T11:00:59.999Z' }, at('2024-03-04T12:00:00.001Z')), at('2024-03-04T12:00:00Z'), 'seconds do not make it drift');
  t.equal(dueSlot(query('Off', { RateMinutes: 60 }, false), undefined, now), undefined, 'disabled: never due');
});

t.test('CronExpression: due when a slot falls after the last look; a new query waits for its slot', async (t) => {
  const q = query('Daily', { CronExpression: '0 6 * * *' });
  t.equal(dueSlot(q, undefined, at('2024-03-04T12:00:00Z')), undefined, 'new query, not its minute');
  t.same(dueSlot(q, undefined, at('2024-03-04T06:00:20Z')), at('2024-03-04T06:00:00Z'), 'new query, its minute');
  t.same(dueSlot(q, { lastCheck: '2024-03-04T05:55:00Z' }, at('2024-03-04T06:05:00Z')), at('2024-03-04T06:00:00Z'), 'a 5-minute tick after the slot still runs it');
  t.equal(dueSlot(q, { lastCheck: '2024-03-04T06:00:30Z', lastRun: '2024-03-04T06:00:00.000Z' }, at('2024-03-04T06:05:00Z')), undefined, 'already run for this slot');
  t.same(dueSlot(q, { lastCheck: '2024-03-01T00:00:00Z' }, at('2024-03-04T12:00:00Z')), at('2024-03-04T06:00:00Z'), 'missed slots run once, for the latest');
  const aws = query('Weekdays', { CronExpression: 'cron(0/30 8-9 ? * MON-FRI *)' });
  t.same(dueSlot(aws, { lastCheck: '2024-03-04T08:29:00Z' }, at('2024-03-04T08:31:00Z')), at('2024-03-04T08:30:00Z'));
  t.equal(dueSlot(aws, { lastCheck: '2024-03-03T08:29:00Z' }, at('2024-03-03T08:31:00Z')), undefined, 'a Sunday');
});

t.test('dueQueries keeps the spec order and pairs each due query with its slot', async (t) => {
  const qs = [query('A', { RateMinutes: 10 }), query('B', { CronExpression: '*/5 * * * *' }), query('C', { RateMinutes: 30 }), query('D', { RateMinutes: 5 }, false)];
  const marks = new Map<string, RunMarks>([
    ['A', { lastRun: '2024-03-04T11:55:00.000Z' }],
    ['B', { lastCheck: '2024-03-04T11:59:00.000Z' }],
    ['C', { lastRun: '2024-03-04T11:30:00.000Z' }],
  ]);
  const due = dueQueries(qs, marks, at('2024-03-04T12:00:10Z'));
  t.same(due.map((d) => [d.item.id, d.slot.toISOString()]), [
    ['B', '2024-03-04T12:00:00.000Z'],
    ['C', '2024-03-04T12:00:00.000Z'],
  ]);
});
