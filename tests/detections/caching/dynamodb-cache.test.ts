import t from 'tap';
import { DescribeTableCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { CACHE_TABLE_DEFINITION, DynamoCacheStore } from '../../../detections/caching/dynamodb-cache.js';
import { cacheStoreContract, TestClock } from './fixtures/cache-contract.js';
import { freshTables, localDynamo } from '../../helpers/dynalite.js';

const { client } = await localDynamo(t);

const freshTable = freshTables(client, 'cache', CACHE_TABLE_DEFINITION);

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
