import t from 'tap';
import { DescribeTableCommand, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { ALERTS_TABLE_DEFINITION, DynamoAlertStore } from '../../../detections/alerting/dynamodb-store.js';
import { alertIdFor, windowKey } from '../../../detections/alerting/window.js';
import { alertStoreContract, match, minutes, T0 } from './fixtures/store-contract.js';
import { freshTables, localDynamo } from '../../helpers/dynalite.js';

const { client } = await localDynamo(t);

const freshTable = freshTables(client, 'alerts', ALERTS_TABLE_DEFINITION);

t.test('the exported definition creates the table with its GSI', async (t) => {
  const name = await freshTable();
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  t.same(Table?.KeySchema, [{ AttributeName: 'pk', KeyType: 'HASH' }]);
  t.same(Table?.GlobalSecondaryIndexes?.map((g) => [g.IndexName, g.KeySchema?.map((k) => k.AttributeName)]), [
    ['status-creationTime', ['status', 'creationTime']],
  ]);
  t.equal(ALERTS_TABLE_DEFINITION.ttlAttribute, 'expiresAt');
});

t.test('window items carry a TTL after the window end', async (t) => {
  const name = await freshTable();
  const store = new DynamoAlertStore({ client, tableName: name });
  await store.recordMatch(match({ dedupPeriodMinutes: 30 }), T0);
  const { Item } = await client.send(
    new GetItemCommand({ TableName: name, Key: { pk: { S: `WINDOW#${windowKey('AWS.Root.Activity', '123456789012')}` } } }),
  );
  const end = T0.getTime() + 30 * 60_000;
  t.equal(Number(Item?.windowEnd?.N), end);
  t.equal(Number(Item?.cnt?.N), 1);
  t.ok(Number(Item?.expiresAt?.N) > end / 1000, 'expires after the window ends');
});

t.test('an opener whose alert write lands after a later match still sets the content; a lost opener is recovered', async (t) => {
  const name = await freshTable();
  const store = new DynamoAlertStore({ client, tableName: name });
  const m = match({ threshold: 2 });
  t.equal((await store.recordMatch({ ...m, title: 'first' }, T0)).count, 1);
  // The opener's counting step, its alert write delayed (or lost in a crash).
  await client.send(
    new UpdateItemCommand({
      TableName: name,
      Key: { pk: { S: `WINDOW#${windowKey(m.ruleId, m.dedup)}` } },
      UpdateExpression: 'ADD cnt :one',
      ExpressionAttributeValues: { ':one': { N: '1' } },
    }),
  );
  const later = await store.recordMatch({ ...m, title: 'later', logType: 'Okta.SystemLog' }, minutes(2));
  t.same([later.count, later.opened, later.alert?.eventCount, later.alert?.title], [3, false, 3, 'later'], 'the alert exists without its opener');
  // The delayed opener write, with the count the opener got: private access stands in for the interleaving.
  const alertId = alertIdFor(m.ruleId, m.dedup, T0.toISOString());
  const opened = await store['writeAlert']({ ...m, title: 'opener' }, alertId, 2, true, minutes(1));
  t.equal(opened.title, 'opener', "the opener's content replaces what a later match filled in");
  t.equal(opened.eventCount, 3, 'the count does not go back');
  t.equal(opened.updateTime, minutes(2).toISOString());
  t.same(opened.logTypes, ['AWS.CloudTrail', 'Okta.SystemLog']);
  t.same(await store.get(alertId), opened);
});

t.test('contract against dynalite', async (t) => {
  alertStoreContract(t, async () => new DynamoAlertStore({ client, tableName: await freshTable() }));
});
