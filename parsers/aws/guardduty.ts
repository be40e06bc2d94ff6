import { boolean, float, int, json, object, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { collectAwsIndicators } from './cloudtrail.js';

// Finding ARNs are arn:<partition>:guardduty:<region>:<account>:detector/<id>/finding/<id>.
const FINDING_ARN = /^arn:[a-z-]+:guardduty:/;

export const GuardDuty = defineLogType({
  name: 'AWS.GuardDuty',
  description: 'Amazon GuardDuty findings as exported to S3 (one finding per record; EventBridge-wrapped findings are AWS.CloudWatchEvents).',
  reference: 'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-summary.html',
  fields: {
    schemaVersion: string({ required: true, description: 'The schema version of the finding.' }),
    accountId: string({ required: true, indicators: ['aws_account_id'], description: 'The account in which the activity took place.' }),
    region: string({ required: true, description: 'The region in which the finding was generated.' }),
    partition: string({ required: true, description: 'The AWS partition: aws, aws-cn or aws-us-gov.' }),
    id: string({ required: true, description: 'The finding id.' }),
    arn: string({ required: true, indicators: ['aws_arn'], description: 'The finding ARN.' }),
    type: string({ required: true, description: 'The finding type, e.g. UnauthorizedAccess:EC2/SSHBruteForce.' }),
    resource: json({ required: true, description: 'The resource the activity was directed at (resourceType and its details).' }),
    service: object(
      {
        serviceName: string({ required: true, description: 'Always guardduty.' }),
        detectorId: string({ required: true, description: 'The detector that generated the finding.' }),
        action: json({ description: 'The activity: actionType and its details (network connection, API call, DNS request, port probe...).' }),
        additionalInfo: json(),
        evidence: json({ description: 'Threat intelligence details behind the finding.' }),
        resourceRole: string({ description: 'TARGET or ACTOR.' }),
        eventFirstSeen: timestamp({ description: 'When the activity was first seen.' }),
        eventLastSeen: timestamp({ description: 'When the activity was last seen.' }),
        archived: boolean(),
        count: int({ description: 'How many times the activity was seen.' }),
        featureName: string({ description: 'The GuardDuty protection plan that produced the finding.' }),
        runtimeDetails: json(),
        ebsVolumeScanDetails: json(),
        detection: json(),
      },
      { required: true, description: 'How GuardDuty saw the activity.' },
    ),
    severity: float({ required: true, description: 'Severity from 1.0 to 8.9 (low below 4, high from 7).' }),
    createdAt: timestamp({ required: true, description: 'When the finding was created.' }),
    updatedAt: timestamp({ required: true, description: 'When the finding was last updated.' }),
    title: string({ required: true }),
    description: string({ required: true }),
  },
  eventTime: 'updatedAt',
  parser: {
    kind: 'json',
    accept: (obj) => {
      const arn = obj['arn'];
      return typeof arn === 'string' && !FINDING_ARN.test(arn) ? `arn is not a GuardDuty finding ARN: ${arn.slice(0, 60)}` : null;
    },
  },
  // IPs of remoteIpDetails, instance ids, DNS request domains, access key user names, tags...
  indicators: (e, set) => {
    collectAwsIndicators(e.resource, set);
    collectAwsIndicators(e.service.action, set);
    collectAwsIndicators(e.service.additionalInfo, set);
    collectAwsIndicators(e.service.evidence, set);
  },
});
