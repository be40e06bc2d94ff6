// AWS.SNS.Topic: every topic of the region, its attributes (policy, KMS key, delivery settings)
// as top-level fields with the API's attribute names and string values, and its tags.
import { GetTopicAttributesCommand, ListTagsForResourceCommand, SNSClient, paginateListTopics } from '@aws-sdk/client-sns';
import type { ResourceScanner, ResourceSnapshot, ScanContext } from '../types.js';
import { baseSnapshot, detail, DETAIL_CONCURRENCY, listAll, mapLimit, onlyWanted, recordProblem, tagMap } from './common.js';

export const SNS_TOPIC = 'AWS.SNS.Topic';

/** The attributes policies read: present as null when absent or unreadable. */
const TOPIC_ATTRIBUTES = ['DisplayName', 'Owner', 'Policy', 'KmsMasterKeyId', 'FifoTopic', 'SubscriptionsConfirmed', 'SubscriptionsPending', 'SubscriptionsDeleted', 'DeliveryPolicy', 'EffectiveDeliveryPolicy', 'SignatureVersion', 'TracingConfig'] as const;

async function topicSnapshot(ctx: ScanContext, sns: SNSClient, arn: string): Promise<ResourceSnapshot | null> {
  let attributes: Record<string, string> | null = null;
  try {
    attributes = (await sns.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes ?? {};
  } catch (err) {
    // Deleted since it was listed: nothing to snapshot.
    if ((err as { name?: string }).name === 'NotFoundException') return null;
    recordProblem(ctx, SNS_TOPIC, err, arn);
  }
  const tags = await detail(ctx, SNS_TOPIC, arn, () => sns.send(new ListTagsForResourceCommand({ ResourceArn: arn })));
  const own: Record<string, string | null> = {};
  for (const a of TOPIC_ATTRIBUTES) own[a] = null;
  const { TopicArn: _arn, ...rest } = attributes ?? {};
  Object.assign(own, rest);
  return {
    ...baseSnapshot(ctx, SNS_TOPIC, { id: arn, arn, name: arn.split(':').pop() ?? null, tags: tagMap(tags?.Tags) }),
    ...own,
  };
}

export const snsTopicScanner: ResourceScanner = {
  resourceType: SNS_TOPIC,
  async *scan(ctx) {
    const sns = new SNSClient(ctx.clientConfig);
    const topics = await listAll(ctx, SNS_TOPIC, () => paginateListTopics({ client: sns }, {}), (p) => p.Topics);
    if (!topics) return;
    const arns = onlyWanted(
      ctx,
      topics.flatMap((t) => (t.TopicArn ? [t.TopicArn] : [])),
      (a) => ({ id: a, arn: a, name: a.split(':').pop() ?? null }),
    );
    for (const s of await mapLimit(arns, DETAIL_CONCURRENCY, (a) => topicSnapshot(ctx, sns, a))) if (s) yield s;
  },
};
