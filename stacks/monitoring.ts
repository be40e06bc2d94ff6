import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard/index.js';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription/index.js';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import type { EncryptedQueue } from './constructs/encrypted-queue.js';
import { EncryptedTopic } from './constructs/encrypted-topic.js';
import { awsAccount, type KmsKey } from './constructs/kms-key.js';
import type { LambdaFunction } from './constructs/lambda-function.js';

export interface MonitoredQueue {
  readonly queue: EncryptedQueue;
  /** Alarm when the oldest message is older than this. Default: MonitoringProps.maxMessageAgeSeconds. */
  readonly maxMessageAgeSeconds?: number;
}

export interface MonitoringProps {
  readonly prefix: string;
  readonly region: string;
  /** Encrypts the alarm topic; its key policy must admit cloudwatch.amazonaws.com. */
  readonly kmsKey: KmsKey;
  /** Email addresses subscribed to the alarm topic (each confirms by email). */
  readonly alarmEmails: readonly string[];
  /** An existing SNS topic that also receives every alarm. */
  readonly alarmTopicArn?: string;
  /** Every function of the deployment: Errors and Throttles alarms each. */
  readonly functions: readonly LambdaFunction[];
  /** Every queue: DLQ depth and age-of-oldest-message alarms each. */
  readonly queues: readonly (EncryptedQueue | MonitoredQueue)[];
  /** Default 1800 s. */
  readonly maxMessageAgeSeconds?: number;
}

const PERIOD = 300;

function monitored(q: EncryptedQueue | MonitoredQueue): MonitoredQueue {
  // EncryptedQueue has a `queue` member too: tell them apart by the DLQ.
  return 'dlqArn' in q ? { queue: q } : q;
}

/**
 * Alarms on every function (errors, throttles) and every queue (a message in the DLQ, an old
 * message in the queue), sent to an encrypted alarm topic, and a dashboard of the same metrics.
 */
export class Monitoring extends Construct {
  readonly topic: EncryptedTopic;
  readonly alarms: readonly CloudwatchMetricAlarm[];
  readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const account = awsAccount(this);
    this.topic = new EncryptedTopic(this, 'alarm-topic', {
      name: `${props.prefix}-alarms`,
      kmsKey: props.kmsKey,
      servicePublishers: [{ service: 'cloudwatch.amazonaws.com', sourceAccountIds: [account.accountId] }],
    });
    props.alarmEmails.forEach((email, i) => new SnsTopicSubscription(this, `email-${i}`, { topicArn: this.topic.arn, protocol: 'email', endpoint: email }));
    const actions = [this.topic.arn, ...(props.alarmTopicArn !== undefined ? [props.alarmTopicArn] : [])];

    const ids = new Set<string>();
    const alarms: CloudwatchMetricAlarm[] = [];
    const alarm = (cid: string, name: string, description: string, metric: { namespace: string; metricName: string; dimensions: Record<string, string>; statistic: string; threshold: number }) => {
      if (ids.has(cid)) throw new Error(`Monitoring: two monitored resources have the construct id behind alarm "${cid}"`);
      ids.add(cid);
      alarms.push(
        new CloudwatchMetricAlarm(this, cid, {
          alarmName: name,
          alarmDescription: description,
          namespace: metric.namespace,
          metricName: metric.metricName,
          dimensions: metric.dimensions,
          statistic: metric.statistic,
          period: PERIOD,
          evaluationPeriods: 1,
          threshold: metric.threshold,
          comparisonOperator: 'GreaterThanThreshold',
          // No data means no invocations or an empty queue: not a failure.
          treatMissingData: 'notBreaching',
          alarmActions: actions,
          okActions: actions,
        }),
      );
    };

    for (const fn of props.functions) {
      const key = fn.node.id;
      for (const metricName of ['Errors', 'Throttles']) {
        alarm(`${key}-${metricName.toLowerCase()}`, `${fn.name}-${metricName.toLowerCase()}`, `${metricName} of the ${key} function`, {
          namespace: 'AWS/Lambda',
          metricName,
          dimensions: { FunctionName: fn.name },
          statistic: 'Sum',
          threshold: 0,
        });
      }
    }
    const queues = props.queues.map(monitored);
    for (const { queue, maxMessageAgeSeconds } of queues) {
      const key = queue.node.id;
      alarm(`${key}-dlq-depth`, `${queue.dlqName}-not-empty`, `Messages the ${key} consumer failed to process are waiting in its DLQ`, {
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: queue.dlqName },
        statistic: 'Maximum',
        threshold: 0,
      });
      alarm(`${key}-age`, `${queue.name}-oldest-message-age`, `The ${key} consumer is falling behind`, {
        namespace: 'AWS/SQS',
        metricName: 'ApproximateAgeOfOldestMessage',
        dimensions: { QueueName: queue.name },
        statistic: 'Maximum',
        threshold: maxMessageAgeSeconds ?? props.maxMessageAgeSeconds ?? 1800,
      });
    }
    this.alarms = alarms;

    // Names are tokens, so the body is built by Terraform (jsonencode), not JSON.stringify.
    const widget = (title: string, metrics: unknown[][], y: number, x: number) => ({
      type: 'metric',
      x,
      y,
      width: 12,
      height: 6,
      properties: { title, region: props.region, view: 'timeSeries', stat: 'Sum', period: PERIOD, metrics },
    });
    const widgets = [
      widget('Function errors and throttles', props.functions.flatMap((f) => [['AWS/Lambda', 'Errors', 'FunctionName', f.name], ['AWS/Lambda', 'Throttles', 'FunctionName', f.name]]), 0, 0),
      widget('Function invocations', props.functions.map((f) => ['AWS/Lambda', 'Invocations', 'FunctionName', f.name]), 0, 12),
      widget('DLQ depth', queues.map(({ queue }) => ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', queue.dlqName, { stat: 'Maximum' }]), 6, 0),
      widget('Age of oldest message (s)', queues.map(({ queue }) => ['AWS/SQS', 'ApproximateAgeOfOldestMessage', 'QueueName', queue.name, { stat: 'Maximum' }]), 6, 12),
    ];
    this.dashboard = new CloudwatchDashboard(this, 'dashboard', { dashboardName: props.prefix, dashboardBody: Fn.jsonencode({ widgets }) });
  }
}
