// Run state of scheduled queries on both document stores: readable ids for any query name, and a
// run claimed by one invocation is refused to another (a conditional write on DynamoDB, tested
// with real SDK calls against dynalite).
import t, { type Test } from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOCUMENTS_TABLE_DEFINITION, DynamoDocumentStore } from '../../../adapters/aws/dynamodb-document-store.js';
import type { DocumentStore } from '../../../adapters/document-store.js';
import { DirDocumentStore, isValidDocumentId } from '../../../adapters/local/dir-document-store.js';
import { RunStateStore, runDocumentId } from '../../../detections/scheduled/state.js';
import { createTable, localDynamo } from '../../helpers/dynalite.js';

t.test('document ids: valid for every store, distinct for distinct names', async (t) => {
  const names = ['Console Logins Per Hour', 'console logins per hour', '.hidden', '日本語のクエリ', 'a/b\\c', 'x'.repeat(300)];
  const ids = names.map(runDocumentId);
  t.ok(ids.every(isValidDocumentId), ids.join(' '));
  t.equal(new Set(ids).size, names.length);
  t.match(ids[0], /^Console_Logins_Per_Hour-[0-9a-f]{16}$/);
});

async function contract(t: Test, store: () => Promise<DocumentStore>): Promise<void> {
  const runs = new RunStateStore(await store());
  const name = 'Console Logins Per Hour';
  const first = await runs.claim(name, undefined, { queryName: name, lastRun: '2024-03-04T12:00:00.000Z', lastStatus: 'running' });
  t.equal(first?.version, 1);
  t.equal(await runs.claim(name, undefined, { queryName: name, lastRun: '2024-03-04T12:00:00.000Z', lastStatus: 'running' }), undefined, 'a second claim of an absent state loses');
  const loaded = await runs.load();
  t.match(loaded.get(name), { queryName: name, lastRun: '2024-03-04T12:00:00.000Z', lastStatus: 'running', version: 1 });
  // Two invocations read version 1; one claims the next slot, the other's claim and look both lose.
  t.equal((await runs.claim(name, 1, { queryName: name, lastRun: '2024-03-04T13:00:00.000Z', lastStatus: 'running' }))?.version, 2);
  t.equal(await runs.claim(name, 1, { queryName: name, lastRun: '2024-03-04T13:00:00.000Z', lastStatus: 'running' }), undefined);
  t.equal(await runs.touch(name, 1, { queryName: name, lastCheck: '2024-03-04T13:00:10.000Z' }), false);
  await runs.put(name, { queryName: name, lastRun: '2024-03-04T13:00:00.000Z', lastStatus: 'succeeded', lastRows: 4 });
  t.match((await runs.load()).get(name), { lastStatus: 'succeeded', lastRows: 4, version: 3 });
}

t.test('on the directory store', async (t) => {
  await contract(t, async () => new DirDocumentStore(mkdtempSync(join(tmpdir(), 'scheduled-state-'))));
});

t.test('on DynamoDB (dynalite)', async (t) => {
  const { client } = await localDynamo(t);
  await contract(t, async () => {
    return new DynamoDocumentStore({ client, tableName: await createTable(client, 'documents', DOCUMENTS_TABLE_DEFINITION) });
  });
});
