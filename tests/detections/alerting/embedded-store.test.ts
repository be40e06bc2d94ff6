import t from 'tap';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMBEDDED_ALERTS_FILE, EmbeddedAlertStore } from '../../../detections/alerting/embedded-store.js';
import { alertStoreContract, match, minutes, T0 } from './fixtures/store-contract.js';

t.test('in memory', async (t) => {
  alertStoreContract(t, async () => new EmbeddedAlertStore());
});

t.test('persisted to a directory', async (t) => {
  alertStoreContract(t, async () => new EmbeddedAlertStore({ dir: mkdtempSync(join(tmpdir(), 'alerts-')) }));
});

t.test('state survives a restart: alerts and the live window', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'alerts-'));
  const first = new EmbeddedAlertStore({ dir, eventsLink: (a) => `lake://rules/${a.ruleId}?alert=${a.alertId}` });
  const opened = await first.recordMatch(match(), T0);
  await Promise.all(Array.from({ length: 20 }, () => first.recordMatch(match(), minutes(1))));
  await first.setStatus(opened.alert!.alertId, 'TRIAGED', minutes(2));
  t.same(readdirSync(dir), [EMBEDDED_ALERTS_FILE], 'no temporary file left behind');
  const onDisk = JSON.parse(readFileSync(join(dir, EMBEDDED_ALERTS_FILE), 'utf8')) as { alerts: { eventCount: number; status: string }[] };
  t.same(onDisk.alerts.map((a) => [a.eventCount, a.status]), [[21, 'TRIAGED']], 'the file holds the last state');

  const second = new EmbeddedAlertStore({ dir });
  const again = await second.recordMatch(match(), minutes(3));
  t.equal(again.opened, false, 'the window read back is still live');
  t.equal(again.count, 22);
  t.equal(again.alert?.alertId, opened.alert?.alertId);
  t.equal(again.alert?.status, 'TRIAGED');
  t.equal(again.alert?.eventsLink, `lake://rules/AWS.Root.Activity?alert=${opened.alert?.alertId}`);
  const errorMatch = match({ alertType: 'RULE_ERROR', dedup: 'KeyError' });
  const err = await second.recordMatch(errorMatch, minutes(3));
  const third = new EmbeddedAlertStore({ dir });
  const errAgain = await third.recordMatch(errorMatch, minutes(4));
  t.same([errAgain.opened, errAgain.count, errAgain.alert?.alertId, errAgain.alert?.type], [false, 2, err.alertId, 'RULE_ERROR'], 'a rule error window read back keeps its type');
  const afterWindow = await second.recordMatch(match(), minutes(61));
  t.equal(afterWindow.opened, true);
  t.equal((await new EmbeddedAlertStore({ dir }).list()).length, 3);
});

t.test('a file that is not an alert store is an error on first use', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'alerts-'));
  writeFileSync(join(dir, EMBEDDED_ALERTS_FILE), '{"version":7}');
  await t.rejects(new EmbeddedAlertStore({ dir }).list(), /not an alert store file/);
});
