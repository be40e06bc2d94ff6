import t from 'tap';
import {
  advanceWindow,
  alertIdFor,
  compareAlerts,
  dedupPeriodMs,
  effectiveThreshold,
  mergeMatch,
  normalizeFilter,
  openAlert,
  windowKey,
  withStatus,
} from '../../../detections/alerting/window.js';
import { match, minutes, T0 } from './fixtures/store-contract.js';

t.test('ids are deterministic and depend on every part', async (t) => {
  const id = alertIdFor('R', 'd', T0.toISOString());
  t.equal(id, alertIdFor('R', 'd', T0.toISOString()));
  t.match(id, /^[0-9a-f]{32}$/);
  t.not(id, alertIdFor('R2', 'd', T0.toISOString()));
  t.not(id, alertIdFor('R', 'd2', T0.toISOString()));
  t.not(id, alertIdFor('R', 'd', minutes(1).toISOString()));
  // Parts are encoded, not concatenated: ("a:b", "c") and ("a", "b:c") differ.
  t.not(windowKey('a:b', 'c'), windowKey('a', 'b:c'));
  t.not(windowKey('R', 'd', 'RULE_ERROR'), windowKey('R', 'd'), 'rule errors have windows of their own');
  t.equal(windowKey('R', 'd', 'RULE'), windowKey('R', 'd'));
  t.not(alertIdFor('R', 'd', T0.toISOString(), 'RULE_ERROR'), id);
  t.match(windowKey('R', 'x'.repeat(1000)), /^[0-9a-f]{64}$/);
});

t.test('threshold and period are normalized', async (t) => {
  t.equal(effectiveThreshold({ threshold: 0 }), 1);
  t.equal(effectiveThreshold({ threshold: Number.NaN }), 1);
  t.equal(effectiveThreshold({ threshold: 5 }), 5);
  t.equal(dedupPeriodMs({ dedupPeriodMinutes: 15 }), 15 * 60_000);
  t.equal(dedupPeriodMs({ dedupPeriodMinutes: 0 }), 60 * 60_000, 'not positive: the default 60 minutes');
});

t.test('advanceWindow: counts, opens at the threshold, restarts at the end', async (t) => {
  const m = match({ threshold: 2, dedupPeriodMinutes: 10 });
  const one = advanceWindow(undefined, m, T0);
  t.same(one, {
    window: { ruleId: m.ruleId, dedup: m.dedup, start: T0.toISOString(), end: minutes(10).toISOString(), count: 1 },
    opened: false,
    alertId: alertIdFor(m.ruleId, m.dedup, T0.toISOString()),
    reached: false,
  });
  const two = advanceWindow(one.window, m, minutes(1));
  t.same([two.window.count, two.opened, two.reached, two.alertId], [2, true, true, alertIdFor(m.ruleId, m.dedup, T0.toISOString())]);
  const err = advanceWindow(undefined, { ...m, alertType: 'RULE_ERROR' }, T0);
  t.equal(err.window.type, 'RULE_ERROR', 'a rule error window records its type');
  t.equal(err.alertId, alertIdFor(m.ruleId, m.dedup, T0.toISOString(), 'RULE_ERROR'));
  const three = advanceWindow(two.window, m, minutes(2));
  t.same([three.window.count, three.opened], [3, false]);
  const early = advanceWindow(two.window, m, minutes(-5));
  t.equal(early.window.start, T0.toISOString(), 'an older clock counts into the live window');
  const next = advanceWindow(three.window, m, minutes(10));
  t.same([next.window.count, next.window.start, next.opened], [1, minutes(10).toISOString(), false]);
});

t.test('alerts: opening, merging and status', async (t) => {
  const a = openAlert(match({ destinations: undefined, description: undefined }), 'id1', 3, T0, (x) => `link/${x.alertId}`);
  t.same(a.destinations, [], 'no destinations: empty, delivery picks the defaults');
  t.equal(a.description, undefined);
  t.equal(a.eventsLink, 'link/id1');
  const merged = mergeMatch(a, match({ logType: 'A.First' }), 4, minutes(1));
  t.same(merged.logTypes, ['A.First', 'AWS.CloudTrail']);
  t.equal(merged.eventCount, 4);
  const stale = mergeMatch(merged, match(), 2, minutes(-1));
  t.same([stale.eventCount, stale.updateTime], [4, minutes(1).toISOString()], 'count and update time never go back');
  t.same(withStatus(a, 'RESOLVED', minutes(2)), { ...a, status: 'RESOLVED', updateTime: minutes(2).toISOString() });
  t.throws(() => withStatus(a, 'x' as never, T0), /invalid alert status/);
  t.equal(compareAlerts({ ...a, alertId: 'a' }, { ...a, alertId: 'b' }), -1, 'equal times: by id');
});

t.test('filters are validated', async (t) => {
  t.same(normalizeFilter({ since: '2026-03-01T12:00:00+02:00' }), { since: T0.toISOString() });
  t.throws(() => normalizeFilter({ severity: 'SEVERE' as never }), /invalid severity "SEVERE"/);
  t.throws(() => normalizeFilter({ limit: -1 }), /invalid limit -1/);
  t.same(normalizeFilter(), {});
});
