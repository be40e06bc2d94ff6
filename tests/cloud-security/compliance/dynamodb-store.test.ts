import t from 'tap';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { COMPLIANCE_TABLE_DEFINITION, DynamoComplianceStore, complianceCreateTableInput } from '../../../cloud-security/compliance/dynamodb-store.js';
import { complianceStoreContract, entry, T1 } from './fixtures/store-contract.js';

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
  const name = `compliance-${++tables}`;
  await client.send(new CreateTableCommand(complianceCreateTableInput(name)));
  return name;
}

t.test('the exported definition creates the table with its resource index', async (t) => {
  const name = await freshTable();
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  t.same(Table?.KeySchema, [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ]);
  t.same(Table?.GlobalSecondaryIndexes?.map((g) => [g.IndexName, g.KeySchema?.map((k) => k.AttributeName)]), [['resourceId-policyId', ['resourceId', 'policyId']]]);
  t.equal(COMPLIANCE_TABLE_DEFINITION.ttlAttribute, 'expiresAt');
});

t.test('contract', async (t) => {
  complianceStoreContract(t, async () => new DynamoComplianceStore({ client, tableName: await freshTable() }));
});

t.test('items: one entry item per pair, history items with a TTL, suppressions in their partition', async (t) => {
  const name = await freshTable();
  const store = new DynamoComplianceStore({ client, tableName: name });
  await store.record([entry()]);
  await store.record([entry({ status: 'FAIL', lastUpdated: T1 })]);
  await store.suppress({ policyId: 'AWS.S3.Bucket.Versioning', resourcePattern: 'arn:aws:s3:::tmp-*', createdAt: T1 });
  const { Items } = await client.send(new ScanCommand({ TableName: name }));
  const pks = (Items ?? []).map((i) => i.pk?.S ?? '').sort();
  t.same(pks, [
    'HISTORY#AWS.S3.Bucket.Versioning#arn:aws:s3:::reports-123456789012',
    'HISTORY#AWS.S3.Bucket.Versioning#arn:aws:s3:::reports-123456789012',
    'POLICY#AWS.S3.Bucket.Versioning',
    'SUPPRESSIONS',
  ]);
  const hist = (Items ?? []).filter((i) => i.pk?.S?.startsWith('HISTORY#'));
  t.ok(hist.every((i) => Number(i.expiresAt?.N) > Date.parse(T1) / 1000), 'history expires after its time');
});
