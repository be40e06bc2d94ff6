// AWS.Lambda.Function: each function's configuration, its tags and its resource-based policy.
import { GetPolicyCommand, LambdaClient, ListTagsCommand, paginateListFunctions } from '@aws-sdk/client-lambda';
import type { ResourceScanner } from '../types.js';
import { baseSnapshot, detail, DETAIL_CONCURRENCY, listAll, mapLimit, onlyWanted, plainObject } from './common.js';

const TYPE = 'AWS.Lambda.Function';

export const lambdaFunctionScanner: ResourceScanner = {
  resourceType: TYPE,
  async *scan(ctx) {
    const lambda = new LambdaClient(ctx.clientConfig);
    const listed = await listAll(ctx, TYPE, () => paginateListFunctions({ client: lambda }, {}), (p) => p.Functions);
    if (listed === null) return;
    const fns = onlyWanted(ctx, listed, (fn) => ({ id: fn.FunctionArn ?? '', arn: fn.FunctionArn ?? '', name: fn.FunctionName ?? null }));
    const details = await mapLimit(fns, DETAIL_CONCURRENCY, async (fn) => {
      const arn = fn.FunctionArn ?? '';
      const tags = await detail(ctx, TYPE, arn, () => lambda.send(new ListTagsCommand({ Resource: arn })));
      // A function without a resource policy answers ResourceNotFoundException.
      const policy = await detail(ctx, TYPE, arn, () => lambda.send(new GetPolicyCommand({ FunctionName: arn })), ['ResourceNotFoundException']);
      return { tags: tags?.Tags ?? {}, policy: policy === null ? null : { Policy: policy.Policy ?? null, RevisionId: policy.RevisionId ?? null } };
    });
    for (const [i, fn] of fns.entries()) {
      const arn = fn.FunctionArn ?? '';
      const d = details[i] ?? { tags: {}, policy: null };
      yield {
        // The API gives no creation time (LastModified is kept as its own field).
        ...baseSnapshot(ctx, TYPE, { id: arn, arn, name: fn.FunctionName ?? null, tags: d.tags, created: null }),
        ...plainObject(fn, ['FunctionArn', 'FunctionName']),
        Policy: d.policy,
      };
    }
  },
};
