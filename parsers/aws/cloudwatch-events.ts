import { array, json, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { collectAwsIndicators } from './cloudtrail.js';

export const CloudWatchEvents = defineLogType({
  name: 'AWS.CloudWatchEvents',
  description: 'Amazon EventBridge (CloudWatch Events) events: the envelope with its service-specific detail kept whole.',
  reference: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html',
  fields: {
    version: string({ required: true, description: 'Always 0 for AWS events.' }),
    id: string({ required: true, description: 'A unique id generated for every event.' }),
    'detail-type': string({ required: true, description: 'With source, identifies the fields in detail, e.g. "AWS API Call via CloudTrail".' }),
    source: string({ required: true, description: 'The service that sourced the event, e.g. aws.ec2; custom sources do not start with aws.' }),
    account: string({ required: true, indicators: ['aws_account_id'], description: 'The account the event originated in.' }),
    time: timestamp({ required: true, description: 'The event timestamp, set by the originating service.' }),
    region: string({ required: true, description: 'The region the event originated in.' }),
    resources: array(string(), { required: true, indicators: ['aws_arn'], description: 'ARNs of the resources involved in the event.' }),
    detail: json({ required: true, description: 'The service-specific content of the event.' }),
    'replay-name': string({ description: 'The archive replay that re-sent this event, if any.' }),
  },
  eventTime: 'time',
  parser: { kind: 'json' },
  indicators: (e, set) => {
    collectAwsIndicators(e.detail, set);
    collectAwsIndicators(e.resources, set); // instance ids inside instance ARNs
  },
});
