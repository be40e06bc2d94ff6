import t from 'tap';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { CACHE_TABLE_DEFINITION, DynamoCacheStore, cacheCreateTableInput } from '../../../detections/caching/dynamodb-cache.js';
import { cacheStoreContract, TestClock } from './fixtures/cache-contract.js';

// dynalite ships no types: it is a function returning an http.Server.
const dynalite = createRequire(import.meta.url)('dynalite') as (opts: { createTableMs?: number }) => Server;

const server = dynalite({ createTableMs: 0 });
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
const client = new DynamoDBClient({
  endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
});
t.teardown(() => client.destroy());

let tables = 0;
async function freshTable(): Promise<string> {
  const name = `cache-${++tables}`;
  await client.send(new CreateTableCommand(cacheCreateTableInput(name)));
  return name;
}

t.test('the exported definition creates a table keyed like Panther\'s kv store', async (t) => {
  const name = await freshTable();
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  t.same(Table?.KeySchema, [{ AttributeName: 'key', KeyType: 'HASH' }]);
  t.equal(CACHE_TABLE_DEFINITION.ttlAttribute, 'expiresAt');
});

t.test('items use Panther\'s attributes: intCount (N), stringSet (SS), expiresAt (N)', async (t) => {
  const name = await freshTable();
  const clock = new TestClock();
  const store = new DynamoCacheStore({ client, tableName: name, now: clock.now });
  await store.incrementCounter('k', 2, clock.seconds + 60);
  await store.addToStringSet('k', ['b', 'a']);
  await store.putDictionary('k', '{"x":1}');
  const { Item } = await client.send(new GetItemCommand({ TableName: name, Key: { key: { S: 'k' } } }));
  t.same(Item?.intCount, { N: '2' });
  t.same(Item?.stringSet?.SS?.sort(), ['a', 'b']);
  t.same(Item?.dictionary, { S: '{"x":1}' });
  t.same(Item?.expiresAt, { N: String(clock.seconds + 60) });
});

t.test('contract against dynalite', async (t) => {
  cacheStoreContract(t, async (clock) => new DynamoCacheStore({ client, tableName: await freshTable(), now: clock.now }));
});
