// The DocumentStore contract, one set of cases run against the directory store and the DynamoDB
// store (real SDK calls to dynalite on a loopback port).
import t, { type Test } from 'tap';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { VersionConflictError, type DocumentStore } from '../../adapters/document-store.js';
import { DirDocumentStore, InvalidDocumentIdError } from '../../adapters/local/dir-document-store.js';
import { DOCUMENTS_TABLE_DEFINITION, DynamoDocumentStore } from '../../adapters/aws/dynamodb-document-store.js';
import { freshTables, localDynamo } from '../helpers/dynalite.js';

const T0 = new Date('2026-03-01T10:00:00.000Z');
/** A clock that moves one second per reading. */
function clock(): () => Date {
  let n = 0;
  return () => new Date(T0.getTime() + 1000 * n++);
}

interface Saved {
  name: string;
  sql: string;
  tags?: string[];
}

function contract(t: Test, makeStore: () => Promise<DocumentStore>): void {
  t.test('put creates version 1, get returns it, replace increments the version', async (t) => {
    const store = await makeStore();
    const c = store.collection<Saved>('saved-queries');
    t.equal(await c.get('q1'), undefined);
    const created = await c.put('q1', { name: 'root logins', sql: 'select 1', tags: ['a'] });
    t.same(created, { id: 'q1', value: { name: 'root logins', sql: 'select 1', tags: ['a'] }, version: 1, updatedAt: T0.toISOString() });
    t.same(await c.get('q1'), created);
    const replaced = await c.put('q1', { name: 'root logins', sql: 'select 2' });
    t.same(replaced, { id: 'q1', value: { name: 'root logins', sql: 'select 2' }, version: 2, updatedAt: new Date(T0.getTime() + 1000).toISOString() });
    t.same(await c.get('q1'), replaced);
  });

  t.test('values round-trip exactly (unicode, nesting, numbers, empty containers)', async (t) => {
    const store = await makeStore();
    const c = store.collection<unknown>('things');
    const value = { s: 'é ☃ 𝄞 "quoted"', n: 0.1, big: 12345678901234, neg: -3, nested: { a: [1, { b: null }], empty: {}, list: [] }, yes: true, blank: '' };
    await c.put('x', value);
    t.same((await c.get('x'))?.value, value);
  });

  t.test('ifVersion absent creates only; a number replaces only that version', async (t) => {
    const store = await makeStore();
    const c = store.collection<Saved>('saved-queries');
    const v1 = await c.put('q', { name: 'a', sql: '1' }, { ifVersion: 'absent' });
    t.equal(v1.version, 1);
    await t.rejects(c.put('q', { name: 'b', sql: '2' }, { ifVersion: 'absent' }), VersionConflictError);
    await t.rejects(c.put('q', { name: 'b', sql: '2' }, { ifVersion: 2 }), VersionConflictError);
    await t.rejects(c.put('missing', { name: 'b', sql: '2' }, { ifVersion: 1 }), VersionConflictError, 'a version of a missing document fails');
    t.equal((await c.get('q'))?.value.name, 'a', 'failed writes change nothing');
    const v2 = await c.put('q', { name: 'b', sql: '2' }, { ifVersion: 1 });
    t.equal(v2.version, 2);
    t.equal(v2.value.name, 'b');
    t.equal(await c.get('missing'), undefined);
  });

  t.test('concurrent conditional writes: exactly one wins', async (t) => {
    const store = await makeStore();
    const c = store.collection<{ n: number }>('counters');
    await c.put('k', { n: 0 });
    const results = await Promise.allSettled([1, 2, 3, 4].map((n) => c.put('k', { n }, { ifVersion: 1 })));
    t.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    t.equal(results.filter((r) => r.status === 'rejected' && r.reason instanceof VersionConflictError).length, 3);
    t.equal((await c.get('k'))?.version, 2);
    const creates = await Promise.allSettled([1, 2, 3].map((n) => c.put('new', { n }, { ifVersion: 'absent' })));
    const won = creates.filter((r): r is PromiseFulfilledResult<{ id: string; value: { n: number }; version: number; updatedAt: string }> => r.status === 'fulfilled');
    t.equal(won.length, 1, 'one creator wins');
    t.same((await c.get('new'))?.value, won[0]?.value.value, 'the stored value is the winner\'s');
    t.equal((await c.get('new'))?.version, 1);
  });

  t.test('delete says whether it existed; list is ordered by id and per collection', async (t) => {
    const store = await makeStore();
    const a = store.collection<{ v: string }>('alpha');
    const b = store.collection<{ v: string }>('beta');
    for (const id of ['zeta', 'Alpha', 'm.1', 'a_b', 'a-b']) await a.put(id, { v: id });
    await b.put('other', { v: 'beta' });
    t.same((await a.list()).map((d) => d.id), ['Alpha', 'a-b', 'a_b', 'm.1', 'zeta']);
    t.same((await a.list()).map((d) => d.value.v), ['Alpha', 'a-b', 'a_b', 'm.1', 'zeta']);
    t.same((await b.list()).map((d) => [d.id, d.version]), [['other', 1]]);
    t.equal(await a.delete('m.1'), true);
    t.equal(await a.delete('m.1'), false);
    t.equal(await a.get('m.1'), undefined);
    t.same((await a.list()).map((d) => d.id), ['Alpha', 'a-b', 'a_b', 'zeta']);
    t.same(await store.collection('empty').list(), []);
    const again = await a.put('m.1', { v: 'again' }, { ifVersion: 'absent' });
    t.equal(again.version, 1, 'a deleted document starts again at version 1');
  });

  t.test('ids and collection names that could escape are refused', async (t) => {
    const store = await makeStore();
    const c = store.collection<{ v: number }>('docs');
    for (const bad of ['../x', '..', '.', 'a/b', 'a\\b', '', '.hidden', 'a b', 'x'.repeat(201), 'nul\0', '-flag']) {
      await t.rejects(c.put(bad, { v: 1 }), InvalidDocumentIdError, `put ${JSON.stringify(bad.slice(0, 20))}`);
      await t.rejects(c.get(bad), InvalidDocumentIdError, `get ${JSON.stringify(bad.slice(0, 20))}`);
      await t.rejects(c.delete(bad), InvalidDocumentIdError, `delete ${JSON.stringify(bad.slice(0, 20))}`);
    }
    for (const bad of ['../etc', 'A', 'a/b', '', 'has space']) t.throws(() => store.collection(bad), InvalidDocumentIdError, `collection ${bad}`);
    t.same(await c.list(), []);
    const ok = await c.put('arn:aws:iam::123456789012:root', { v: 2 });
    t.equal(ok.id, 'arn:aws:iam::123456789012:root');
  });
}

t.test('DirDocumentStore', async (t) => {
  const roots: string[] = [];
  const make = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docstore-'));
    roots.push(dir);
    return new DirDocumentStore(dir, { now: clock() });
  };
  contract(t, make);

  t.test('one owner-only JSON file per document, no temporary files left', async (t) => {
    const store = await make();
    await store.collection('destinations').put('slack', { secret: 'x' });
    await store.collection('destinations').put('slack', { secret: 'y' });
    const dir = join(store.dir, 'destinations');
    t.same(readdirSync(dir), ['slack.json']);
    t.equal(statSync(join(dir, 'slack.json')).mode & 0o777, 0o600);
    t.equal(statSync(dir).mode & 0o777, 0o700);
    t.same(JSON.parse(readFileSync(join(dir, 'slack.json'), 'utf8')), {
      id: 'slack',
      version: 2,
      updatedAt: new Date(T0.getTime() + 1000).toISOString(),
      value: { secret: 'y' },
    });
  });

  t.test('stray files are not listed; a corrupt document is an error naming the file', async (t) => {
    const store = await make();
    const c = store.collection('docs');
    await c.put('a', 1);
    writeFileSync(join(store.dir, 'docs', '.a.123.tmp'), 'partial');
    writeFileSync(join(store.dir, 'docs', 'README.txt'), 'not a document');
    t.same((await c.list()).map((d) => d.id), ['a']);
    writeFileSync(join(store.dir, 'docs', 'b.json'), '{ not json');
    await t.rejects(c.get('b'), /docs\/b\.json: not a JSON document/);
  });
});

t.test('DynamoDocumentStore on dynalite', async (t) => {
  const { client } = await localDynamo(t);
  const freshTable = freshTables(client, 'documents', DOCUMENTS_TABLE_DEFINITION);
  const make = async () => new DynamoDocumentStore({ client, tableName: await freshTable(), now: clock() });

  t.test('the exported definition creates the table: pk = collection, sk = id', async (t) => {
    const name = await freshTable();
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    t.same(Table?.KeySchema, [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    t.equal(DOCUMENTS_TABLE_DEFINITION.billingMode, 'PAY_PER_REQUEST');
    const store = new DynamoDocumentStore({ client, tableName: name, now: clock() });
    await store.collection('saved-queries').put('q1', { name: 'n', sql: 's' });
    const { Item } = await client.send(new GetItemCommand({ TableName: name, Key: { pk: { S: 'saved-queries' }, sk: { S: 'q1' } } }));
    t.same(Item, { pk: { S: 'saved-queries' }, sk: { S: 'q1' }, json: { S: '{"name":"n","sql":"s"}' }, version: { N: '1' }, updatedAt: { S: T0.toISOString() } });
  });

  t.test('a collection larger than one Query page is listed whole', async (t) => {
    const store = await make();
    const c = store.collection<{ pad: string }>('big');
    // ~40 KB each: 30 of them exceed DynamoDB's 1 MB page.
    const pad = 'x'.repeat(40_000);
    const ids = Array.from({ length: 30 }, (_, i) => `doc-${String(i).padStart(2, '0')}`);
    for (const id of ids) await c.put(id, { pad });
    const listed = await c.list();
    t.same(listed.map((d) => d.id), ids);
    t.equal(listed[29]?.value.pad.length, 40_000);
  });

  contract(t, make);
});
