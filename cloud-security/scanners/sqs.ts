// AWS.SQS.Queue: every queue of the region, its attributes (policy, encryption, redrive) as
// top-level fields with the API's attribute names and string values, and its tags.
import { GetQueueAttributesCommand, ListQueueTagsCommand, SQSClient, paginateListQueues } from '@aws-sdk/client-sqs';
import type { ResourceScanner, ResourceSnapshot, ScanContext } from '../types.js';
import { baseSnapshot, detail, DETAIL_CONCURRENCY, epochToIso, listAll, mapLimit, onlyWanted, recordProblem } from './common.js';

export const SQS_QUEUE = 'AWS.SQS.Queue';

/** The attributes policies read: present as null when absent or unreadable. */
const QUEUE_ATTRIBUTES = ['Policy', 'KmsMasterKeyId', 'KmsDataKeyReusePeriodSeconds', 'SqsManagedSseEnabled', 'RedrivePolicy', 'RedriveAllowPolicy', 'VisibilityTimeout', 'MessageRetentionPeriod', 'FifoQueue', 'CreatedTimestamp', 'LastModifiedTimestamp'] as const;

const queueName = (url: string): string => url.split('/').pop() ?? '';
/** A queue's ARN as its QueueArn attribute gives it, built from its name. */
const queueArn = (ctx: ScanContext, name: string): string => `arn:${ctx.partition}:sqs:${ctx.region}:${ctx.accountId}:${name}`;

async function queueSnapshot(ctx: ScanContext, sqs: SQSClient, url: string): Promise<ResourceSnapshot | null> {
  const name = queueName(url);
  let attributes: Record<string, string> | null = null;
  try {
    attributes = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }))).Attributes ?? {};
  } catch (err) {
    // Deleted since it was listed: nothing to snapshot.
    if ((err as { name?: string }).name === 'QueueDoesNotExist') return null;
    recordProblem(ctx, SQS_QUEUE, err, queueArn(ctx, name));
  }
  const arn = attributes?.QueueArn ?? queueArn(ctx, name);
  const tags = await detail(ctx, SQS_QUEUE, arn, () => sqs.send(new ListQueueTagsCommand({ QueueUrl: url })));
  const own: Record<string, string | null> = {};
  for (const a of QUEUE_ATTRIBUTES) own[a] = null;
  const { QueueArn: _arn, ...rest } = attributes ?? {};
  Object.assign(own, rest);
  return {
    ...baseSnapshot(ctx, SQS_QUEUE, { id: arn, arn, name, tags: tags?.Tags ?? {}, created: epochToIso(attributes?.CreatedTimestamp, 's') }),
    QueueUrl: url,
    ...own,
  };
}

export const sqsQueueScanner: ResourceScanner = {
  resourceType: SQS_QUEUE,
  async *scan(ctx) {
    const sqs = new SQSClient(ctx.clientConfig);
    // ListQueues returns a NextToken only when MaxResults is set.
    const urls = await listAll(ctx, SQS_QUEUE, () => paginateListQueues({ client: sqs }, { MaxResults: 1000 }), (p) => p.QueueUrls);
    if (!urls) return;
    const asked = onlyWanted(ctx, urls, (u) => ({ id: queueArn(ctx, queueName(u)), arn: queueArn(ctx, queueName(u)), name: queueName(u) }));
    for (const s of await mapLimit(asked, DETAIL_CONCURRENCY, (u) => queueSnapshot(ctx, sqs, u))) if (s) yield s;
  },
};
