// Amazon SNS and SQS: the pure command inputs (sent with the AWS SDK v3 clients).
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import type { SendMessageCommandInput } from '@aws-sdk/client-sqs';
import type { Alert } from '../../types.js';
import type { ConfigOf } from '../config.js';
import { alertDocument, alertLinks, summary, type MessageOptions } from '../message.js';

export function buildSnsInput(alert: Alert, config: ConfigOf<'sns'>, options: MessageOptions): PublishCommandInput {
  // SNS subjects: ASCII printable, no newlines, under 100 characters.
  const subject = summary(alert).replace(/[^\x20-\x7e]/g, '?').slice(0, 99);
  return {
    TopicArn: config.settings.topicArn,
    Subject: subject,
    Message: JSON.stringify(alertDocument(alert, alertLinks(alert, options))),
    MessageAttributes: {
      severity: { DataType: 'String', StringValue: alert.severity },
      ruleId: { DataType: 'String', StringValue: alert.ruleId },
    },
  };
}

export function buildSqsInput(alert: Alert, config: ConfigOf<'sqs'>, options: MessageOptions): SendMessageCommandInput {
  return {
    QueueUrl: config.settings.queueUrl,
    MessageBody: JSON.stringify(alertDocument(alert, alertLinks(alert, options))),
    MessageAttributes: {
      severity: { DataType: 'String', StringValue: alert.severity },
      ruleId: { DataType: 'String', StringValue: alert.ruleId },
    },
  };
}

/** arn:aws:sns:<region>:... */
export function regionOfTopic(arn: string): string {
  return arn.split(':')[3] ?? 'us-east-1';
}

/** https://sqs.<region>.amazonaws.com/<account>/<name>; anything else: us-east-1. */
export function regionOfQueue(url: string): string {
  return /^sqs\.([a-z0-9-]+)\.amazonaws\.com/.exec(new URL(url).hostname)?.[1] ?? 'us-east-1';
}
