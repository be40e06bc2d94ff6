// aws-sdk-client-mock stubs Client#send, so the SDK's retry middleware never sees its errors.
// This test goes one level lower: a fake HTTP handler under a real DynamoDB client answers one
// detail call with an HTTP 400 ThrottlingException, then success; the SDK itself retries
// (maxAttempts 3 from the scan context) and the scanner never sees the throttle.
import t from 'tap';
import { Readable } from 'node:stream';
import { dynamoDbTableScanner } from '../../../cloud-security/scanners/dynamodb.js';
import type { ScanContext } from '../../../cloud-security/types.js';
import { makeCtx } from './fixtures/groupC.js';

interface FakeRequest {
  headers: Record<string, string>;
}

const json = (statusCode: number, body: unknown) => ({
  response: {
    statusCode,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'req-1' },
    body: Readable.from([Buffer.from(JSON.stringify(body))]),
  },
});

t.test('a throttled detail call is retried by the SDK and then succeeds', async (t) => {
  const calls: string[] = [];
  let ttlCalls = 0;
  const requestHandler = {
    handle: async (req: FakeRequest) => {
      const op = (req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
      calls.push(op);
      switch (op) {
        case 'ListTables':
          return json(200, { TableNames: ['orders'] });
        case 'DescribeTable':
          return json(200, { Table: { TableName: 'orders', TableArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders', TableStatus: 'ACTIVE', CreationDateTime: 1704067200 } });
        case 'DescribeTimeToLive':
          ttlCalls += 1;
          if (ttlCalls === 1) return json(400, { __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'Rate of requests exceeds the allowed throughput.' });
          return json(200, { TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: 'expires' } });
        case 'DescribeContinuousBackups':
          return json(200, { ContinuousBackupsDescription: { ContinuousBackupsStatus: 'ENABLED' } });
        case 'ListTagsOfResource':
          return json(200, { Tags: [] });
        default:
          return json(400, { __type: 'UnknownOperationException', message: op });
      }
    },
  };
  const { ctx: base, problems } = makeCtx();
  // The scanners pass clientConfig to the SDK client as is, so a request handler given here
  // replaces the network without touching the scanner.
  const ctx: ScanContext = { ...base, clientConfig: { ...base.clientConfig, maxAttempts: 3, requestHandler } as ScanContext['clientConfig'] };
  const out = [];
  for await (const s of dynamoDbTableScanner.scan(ctx)) out.push(s);
  t.equal(ttlCalls, 2, 'the SDK sent DescribeTimeToLive twice');
  t.same(problems, [], 'the throttle never reached the scanner');
  t.equal(out.length, 1);
  t.same(out[0]?.TimeToLiveDescription, { TimeToLiveStatus: 'ENABLED', AttributeName: 'expires' });
  t.equal(out[0]?.TimeCreated, '2024-01-01T00:00:00.000Z');
  t.ok(calls.includes('ListTables'));
});

t.test('with maxAttempts 1 the same throttle becomes a recorded "throttled" problem', async (t) => {
  const requestHandler = {
    handle: async (req: FakeRequest) => {
      const op = (req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
      if (op === 'ListTables') return json(200, { TableNames: ['orders'] });
      if (op === 'DescribeTimeToLive') return json(400, { __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'Rate exceeded' });
      if (op === 'DescribeTable') return json(200, { Table: { TableName: 'orders', TableArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders' } });
      return json(200, {});
    },
  };
  const { ctx: base, problems } = makeCtx();
  const ctx: ScanContext = { ...base, clientConfig: { ...base.clientConfig, maxAttempts: 1, requestHandler } as ScanContext['clientConfig'] };
  const out = [];
  for await (const s of dynamoDbTableScanner.scan(ctx)) out.push(s);
  t.equal(out.length, 1);
  t.equal(out[0]?.TimeToLiveDescription, null);
  t.match(problems, [{ resourceType: 'AWS.DynamoDB.Table', kind: 'throttled', message: /^ThrottlingException:/ }]);
});
