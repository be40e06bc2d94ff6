// Throttling through the real SDK stack. aws-sdk-client-mock stubs Client#send(), which skips the
// middleware (and so the SDK's retry strategy); here no mock is installed and a fake HTTP handler
// answers in KMS's JSON protocol instead, so the SDK's own retry (maxAttempts 3) is exercised.
import t from 'tap';
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import { Readable } from 'node:stream';
import { kmsKeyScanner } from '../../../cloud-security/scanners/kms.js';
import { ACCOUNT, context } from './fixtures/groupA.js';

const KEY = '1234abcd-12ab-34cd-56ef-1234567890ab';
const ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY}`;

function reply(status: number, body: unknown, headers: Record<string, string> = {}): { response: HttpResponse } {
  return {
    response: new HttpResponse({
      statusCode: status,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'req-1', ...headers },
      body: Readable.from([Buffer.from(JSON.stringify(body))]),
    }),
  };
}

/** A KMS endpoint: GetKeyPolicy is throttled `throttles` times, then answers. */
function fakeKms(throttles: number) {
  const calls: string[] = [];
  let left = throttles;
  return {
    calls,
    handler: {
      async handle(req: HttpRequest): Promise<{ response: HttpResponse }> {
        const op = String(req.headers['x-amz-target'] ?? '').replace('TrentService.', '');
        calls.push(op);
        switch (op) {
          case 'ListKeys':
            return reply(200, { Keys: [{ KeyId: KEY, KeyArn: ARN }], Truncated: false });
          case 'ListAliases':
            return reply(200, { Aliases: [], Truncated: false });
          case 'DescribeKey':
            return reply(200, { KeyMetadata: { KeyId: KEY, Arn: ARN, CreationDate: 1680674828, Enabled: true, KeyState: 'Enabled', KeyManager: 'CUSTOMER' } });
          case 'GetKeyRotationStatus':
            return reply(200, { KeyRotationEnabled: true });
          case 'ListResourceTags':
            return reply(200, { Tags: [], Truncated: false });
          case 'GetKeyPolicy':
            if (left-- > 0) return reply(400, { __type: 'ThrottlingException', message: 'Rate exceeded' }, { 'x-amzn-errortype': 'ThrottlingException' });
            return reply(200, { Policy: '{"Version":"2012-10-17","Statement":[]}', PolicyName: 'default' });
          default:
            return reply(400, { __type: 'UnknownOperationException', message: op });
        }
      },
    },
  };
}

async function scanWith(throttles: number) {
  const fake = fakeKms(throttles);
  const ctx = context();
  // The scanner hands clientConfig to the SDK client as is, so a request handler can ride along.
  const withHandler = Object.assign({}, ctx, { clientConfig: { ...ctx.clientConfig, requestHandler: fake.handler } });
  const out = [];
  for await (const s of kmsKeyScanner.scan(withHandler)) out.push(s);
  return { out, calls: fake.calls, problems: ctx.problems };
}

t.test('one throttling answer: the SDK retries it and the policy is read', async (t) => {
  const { out, calls, problems } = await scanWith(1);
  t.equal(calls.filter((c) => c === 'GetKeyPolicy').length, 2);
  t.equal(out[0]?.Policy, '{"Version":"2012-10-17","Statement":[]}');
  t.equal(out[0]?.TimeCreated, '2023-04-05T06:07:08.000Z');
  t.same(problems, []);
});

t.test('throttled past maxAttempts (3): recorded as throttled, key still yielded', async (t) => {
  const { out, calls, problems } = await scanWith(5);
  t.equal(calls.filter((c) => c === 'GetKeyPolicy').length, 3);
  t.equal(out.length, 1);
  t.equal(out[0]?.Policy, null);
  t.match(problems, [{ kind: 'throttled', resourceId: ARN, message: /^ThrottlingException: Rate exceeded/ }]);
});
