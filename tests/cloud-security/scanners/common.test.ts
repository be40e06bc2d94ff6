import t from 'tap';
import {
  collect,
  detail,
  epochToIso,
  listAll,
  listOrProblem,
  pascalKeys,
  plain,
  plainObject,
  problemKind,
  recordProblem,
} from '../../../cloud-security/scanners/common.js';
import { awsError, makeCtx } from './fixtures/groupC.js';

t.test('problemKind classifies service error codes, including SQS and WAF throttling', async (t) => {
  t.equal(problemKind(awsError('RequestThrottled')), 'throttled', 'SQS');
  t.equal(problemKind(awsError('WAFLimitsExceededException')), 'throttled', 'WAF Classic');
  t.equal(problemKind(awsError('ThrottlingException')), 'throttled');
  t.equal(problemKind(awsError('RequestLimitExceeded')), 'throttled', 'EC2');
  t.equal(problemKind(awsError('AccessDenied')), 'access-denied');
  t.equal(problemKind(awsError('UnauthorizedOperation')), 'access-denied');
  t.equal(problemKind(awsError('OptInRequired')), 'region-disabled');
  t.equal(problemKind(awsError('ValidationException')), 'error');
  t.equal(problemKind('not an error'), 'error');
});

t.test('recordProblem keeps the code and the message', async (t) => {
  const { ctx, problems } = makeCtx('eu-west-1');
  recordProblem(ctx, 'AWS.SQS.Queue', awsError('RequestThrottled', 'slow down'), 'arn:q');
  t.same(problems, [{ resourceType: 'AWS.SQS.Queue', region: 'eu-west-1', resourceId: 'arn:q', kind: 'throttled', message: 'RequestThrottled: slow down' }]);
});

t.test('detail: not-configured codes give null silently, other errors are recorded', async (t) => {
  const { ctx, problems } = makeCtx();
  t.equal(await detail(ctx, 'AWS.S3.Bucket', 'arn:b', async () => 42), 42);
  t.equal(await detail(ctx, 'AWS.S3.Bucket', 'arn:b', () => Promise.reject(awsError('NoSuchBucketPolicy')), ['NoSuchBucketPolicy']), null);
  t.same(problems, [], 'absent setting is not a problem');
  t.equal(await detail(ctx, 'AWS.S3.Bucket', 'arn:b', () => Promise.reject(awsError('AccessDenied')), ['NoSuchBucketPolicy']), null);
  t.match(problems, [{ resourceType: 'AWS.S3.Bucket', resourceId: 'arn:b', kind: 'access-denied' }]);
});

async function* pages<P>(items: P[], failAfter?: number): AsyncIterable<P> {
  for (const [i, p] of items.entries()) {
    if (i === failAfter) throw awsError('ThrottlingException');
    yield p;
  }
}

t.test('listAll: all pages, or null with one problem when any page fails', async (t) => {
  const { ctx, problems } = makeCtx();
  t.same(await listAll(ctx, 'AWS.X', () => pages([{ I: [1, 2] }, { I: undefined }, { I: [3] }]), (p) => p.I), [1, 2, 3]);
  t.equal(await listAll(ctx, 'AWS.X', () => pages([{ I: [1] }, { I: [2] }], 1), (p) => p.I), null, 'partial list dropped');
  t.match(problems, [{ resourceType: 'AWS.X', kind: 'throttled' }]);
  t.equal(problems.length, 1);
  t.same(await collect(pages([{ I: ['a'] }, { I: ['b'] }]), (p) => p.I), ['a', 'b']);
  t.equal(await listOrProblem(ctx, 'AWS.Y', () => Promise.reject(awsError('AccessDeniedException'))), null);
  t.match(problems[1], { resourceType: 'AWS.Y', kind: 'access-denied' });
});

t.test('plain / plainObject / pascalKeys / epochToIso convert SDK output to snapshot JSON', async (t) => {
  const d = new Date('2024-01-02T03:04:05.000Z');
  t.same(plain({ A: d, B: [d, { C: undefined, D: 1 }], $metadata: { httpStatusCode: 200 }, E: new Uint8Array([104, 105]) }), {
    A: '2024-01-02T03:04:05.000Z',
    B: ['2024-01-02T03:04:05.000Z', { D: 1 }],
    E: 'aGk=',
  });
  t.same(plainObject({ Tags: [], Name: 'n', X: d }, ['Tags', 'Name']), { X: '2024-01-02T03:04:05.000Z' });
  t.same(plainObject(undefined), {});
  t.same(pascalKeys({ resourcesVpcConfig: { endpointPublicAccess: true }, tags: { team: 'a' } }), {
    ResourcesVpcConfig: { EndpointPublicAccess: true },
    Tags: { team: 'a' },
  });
  t.equal(epochToIso('1700000000', 's'), '2023-11-14T22:13:20.000Z');
  t.equal(epochToIso(1700000000000, 'ms'), '2023-11-14T22:13:20.000Z');
  t.equal(epochToIso(undefined, 's'), null);
});
