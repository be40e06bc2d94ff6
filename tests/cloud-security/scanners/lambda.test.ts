import t from 'tap';
import { Readable } from 'node:stream';
import { GetPolicyCommand, LambdaClient, ListFunctionsCommand, ListTagsCommand } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { lambdaFunctionScanner } from '../../../cloud-security/scanners/lambda.js';
import { awsError, denied, makeCtx, run, throttled } from './fixtures/groupB.js';

const lm = mockClient(LambdaClient);
t.beforeEach(() => lm.reset());

const fn = (name: string) => ({
  FunctionName: name,
  FunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
  Runtime: 'nodejs20.x' as const,
  Role: 'arn:aws:iam::123456789012:role/lambda-exec',
  Handler: 'index.handler',
  CodeSize: 5797206,
  Description: 'Process image objects from Amazon S3.',
  Timeout: 15,
  MemorySize: 512,
  LastModified: '2024-06-01T12:00:00.000+0000',
  CodeSha256: 'YFgDgEKG3ugvF1+pX64gV6tu9qNuIYNUdgJm8nCxsm4=',
  Version: '$LATEST',
  Environment: { Variables: { BUCKET: 'my-bucket-1xpuxmplzrlbh' } },
  KMSKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/b0844d6c-xmpl-4463-97a4-d49f50839966',
  TracingConfig: { Mode: 'Active' as const },
  RevisionId: 'b75dcd81-xmpl-48a8-a75a-93ba8b5b9727',
  PackageType: 'Zip' as const,
  Architectures: ['arm64' as const],
});
const POLICY = JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: [{ Sid: 's3', Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:thumbnails' }] });

t.test('both pages of functions, each with tags and policy; the full snapshot of one', async (t) => {
  lm.on(ListFunctionsCommand).resolvesOnce({ Functions: [fn('thumbnails')], NextMarker: 'm2' }).resolvesOnce({ Functions: [fn('resize')] });
  lm.on(ListTagsCommand).resolves({ Tags: { team: 'media' } });
  lm.on(GetPolicyCommand, { FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:thumbnails' }).resolves({ Policy: POLICY, RevisionId: '4843f2f6-7c59-4fda-b484-afd0bc0e22b8' });
  // A function without a resource policy: not configured, not a problem.
  lm.on(GetPolicyCommand, { FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:resize' }).rejects(awsError('ResourceNotFoundException', 'The resource you requested does not exist.', 404));
  const { items, problems } = await run(lambdaFunctionScanner);
  t.same(problems, []);
  t.same(items.map((i) => i.Name), ['thumbnails', 'resize']);
  t.equal(lm.commandCalls(ListFunctionsCommand)[1]?.args[0].input.Marker, 'm2', 'the second page was asked with the marker');
  t.equal(items[1]?.Policy, null);
  t.strictSame(items[0], {
    ResourceId: 'arn:aws:lambda:us-east-1:123456789012:function:thumbnails',
    ResourceType: 'AWS.Lambda.Function',
    AccountId: '123456789012',
    Region: 'us-east-1',
    Name: 'thumbnails',
    ARN: 'arn:aws:lambda:us-east-1:123456789012:function:thumbnails',
    Tags: { team: 'media' },
    TimeCreated: null,
    Runtime: 'nodejs20.x',
    Role: 'arn:aws:iam::123456789012:role/lambda-exec',
    Handler: 'index.handler',
    CodeSize: 5797206,
    Description: 'Process image objects from Amazon S3.',
    Timeout: 15,
    MemorySize: 512,
    LastModified: '2024-06-01T12:00:00.000+0000',
    CodeSha256: 'YFgDgEKG3ugvF1+pX64gV6tu9qNuIYNUdgJm8nCxsm4=',
    Version: '$LATEST',
    Environment: { Variables: { BUCKET: 'my-bucket-1xpuxmplzrlbh' } },
    KMSKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/b0844d6c-xmpl-4463-97a4-d49f50839966',
    TracingConfig: { Mode: 'Active' },
    RevisionId: 'b75dcd81-xmpl-48a8-a75a-93ba8b5b9727',
    PackageType: 'Zip',
    Architectures: ['arm64'],
    Policy: { Policy: POLICY, RevisionId: '4843f2f6-7c59-4fda-b484-afd0bc0e22b8' },
  });
});

t.test('a denied policy: the function is yielded with Policy null and the problem recorded', async (t) => {
  lm.on(ListFunctionsCommand).resolves({ Functions: [fn('thumbnails')] });
  lm.on(ListTagsCommand).resolves({ Tags: {} });
  lm.on(GetPolicyCommand).rejects(denied());
  const { items, problems } = await run(lambdaFunctionScanner);
  t.equal(items.length, 1);
  t.equal(items[0]?.Policy, null);
  t.strictSame(problems, [
    {
      resourceType: 'AWS.Lambda.Function',
      region: 'us-east-1',
      resourceId: 'arn:aws:lambda:us-east-1:123456789012:function:thumbnails',
      kind: 'access-denied',
      message: 'AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/audit/scan is not authorized to perform this operation',
    },
  ]);
});

t.test('a denied list: nothing yielded, one problem', async (t) => {
  lm.on(ListFunctionsCommand).rejects(denied());
  const { items, problems } = await run(lambdaFunctionScanner);
  t.same(items, []);
  t.match(problems, [{ resourceType: 'AWS.Lambda.Function', kind: 'access-denied' }]);
  t.equal(lm.commandCalls(GetPolicyCommand).length, 0);
});

t.test('aws-sdk-client-mock replaces send(), so the SDK retry never sees a mocked throttle: our handling records it', async (t) => {
  lm.on(ListFunctionsCommand).resolves({ Functions: [fn('thumbnails')] });
  lm.on(ListTagsCommand).resolves({ Tags: {} });
  lm.on(GetPolicyCommand).rejectsOnce(throttled('TooManyRequestsException')).resolves({ Policy: POLICY });
  const { items, problems } = await run(lambdaFunctionScanner, 3);
  t.equal(lm.commandCalls(GetPolicyCommand).length, 1, 'one call: no retry through a mocked send, even with maxAttempts 3');
  t.equal(items[0]?.Policy, null);
  t.match(problems, [{ kind: 'throttled', resourceId: 'arn:aws:lambda:us-east-1:123456789012:function:thumbnails' }]);
});

t.test('through the real SDK middleware (a fake HTTP handler): a 429 on GetPolicy is retried and the policy read', async (t) => {
  lm.restore();
  const seen: string[] = [];
  let policyCalls = 0;
  const reply = (statusCode: number, body: unknown, headers: Record<string, string> = {}) => ({
    response: { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: Readable.from([Buffer.from(JSON.stringify(body))]) },
  });
  const requestHandler = {
    handle: async (req: { method: string; path: string }) => {
      seen.push(`${req.method} ${req.path}`);
      if (req.path.startsWith('/2015-03-31/functions') && req.path.endsWith('/policy')) {
        policyCalls++;
        if (policyCalls === 1) return reply(429, { message: 'Rate exceeded', Type: 'User' }, { 'x-amzn-errortype': 'TooManyRequestsException' });
        return reply(200, { Policy: POLICY, RevisionId: 'r1' });
      }
      if (req.path.startsWith('/2017-03-31/tags/')) return reply(200, { Tags: { team: 'media' } });
      return reply(200, { Functions: [fn('thumbnails')] });
    },
  };
  const { ctx, problems } = makeCtx(3);
  // The handler rides along in the client config the scanner passes to its client.
  const withHandler = { ...ctx, clientConfig: { ...ctx.clientConfig, requestHandler } as typeof ctx.clientConfig };
  const items = [];
  for await (const s of lambdaFunctionScanner.scan(withHandler)) items.push(s);
  t.equal(policyCalls, 2, 'the SDK retried the throttled call once');
  t.same(problems, []);
  t.same(items[0]?.Policy, { Policy: POLICY, RevisionId: 'r1' });
  t.same(items[0]?.Tags, { team: 'media' });
  t.ok(seen.some((s) => s.startsWith('GET /2015-03-31/functions')));
});
