import t from 'tap';
import { DescribeTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { COMPLIANCE_TABLE_DEFINITION, DynamoComplianceStore } from '../../../cloud-security/compliance/dynamodb-store.js';
import { complianceStoreContract, entry, T1 } from './fixtures/store-contract.js';
import { freshTables, localDynamo } from '../../helpers/dynalite.js';

const { client } = await localDynamo(t);

const freshTable = freshTables(client, 'compliance', COMPLIANCE_TABLE_DEFINITION);

t.test('the exported definition creates the table with its resource index', async (t) => {
  const name = await freshTable();
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  t.same(Table?.KeySchema, [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ]);
  t.same(Table?.GlobalSecondaryIndexes?.map((g) => [g.IndexName, g.KeySchema?.map((k) => k.AttributeName)]), [['resourceId-policyId', ['resourceId', 'policyId']], ['scope-region', ['scope', 'region']]]);
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

t.test('record uses the suppressions the caller read instead of reading them again', async (t) => {
  const store = new DynamoComplianceStore({ client, tableName: await freshTable() });
  await store.suppress({ policyId: 'AWS.S3.Bucket.Versioning', resourcePattern: 'arn:aws:s3:::tmp-*', createdAt: T1 });
  let reads = 0;
  const read = store.suppressions.bind(store);
  store.suppressions = async (policyId?: string) => {
    reads++;
    return read(policyId);
  };
  const given = await store.suppressions();
  await store.record([entry({ resourceId: 'arn:aws:s3:::tmp-1', status: 'FAIL' })], { suppressions: given });
  t.equal(reads, 1, 'only the caller read them');
  t.same((await store.list()).items.map((e) => [e.resourceId, e.suppressed]), [['arn:aws:s3:::tmp-1', true]], 'and they applied');
  await store.record([entry({ resourceId: 'arn:aws:s3:::tmp-2', status: 'FAIL' })]);
  t.equal(reads, 2, 'without them the store reads them itself');
});
