import { ALB } from './alb.js';
import { AuroraMySQLAudit } from './aurora-mysql-audit.js';
import { CloudTrail, CloudTrailDigest, CloudTrailInsight } from './cloudtrail.js';
import { CloudWatchEvents } from './cloudwatch-events.js';
import { GuardDuty } from './guardduty.js';
import { S3ServerAccess } from './s3-server-access.js';
import { VPCDns } from './vpc-dns.js';
import { VPCFlow } from './vpc-flow.js';
import { WAFWebACL } from './waf-web-acl.js';

export { ALB, AuroraMySQLAudit, CloudTrail, CloudTrailDigest, CloudTrailInsight, CloudWatchEvents, GuardDuty, S3ServerAccess, VPCDns, VPCFlow, WAFWebACL };
export const awsLogTypes = [CloudTrail, CloudTrailDigest, CloudTrailInsight, CloudWatchEvents, S3ServerAccess, ALB, VPCFlow, VPCDns, GuardDuty, AuroraMySQLAudit, WAFWebACL] as const;
