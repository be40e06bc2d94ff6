// The registry of remediations and the dry run: the calls a remediation would send, as text.
import type { ResourceSnapshot } from '../types.js';
import { cloudTrailRemediations } from './cloudtrail.js';
import { dynamoDbRemediations } from './dynamodb.js';
import { ec2Remediations } from './ec2.js';
import { guardDutyRemediations } from './guardduty.js';
import { iamRemediations } from './iam.js';
import { kmsRemediations } from './kms.js';
import { rdsRemediations } from './rds.js';
import { s3Remediations } from './s3.js';
import type { PlannedCall, Remediation } from './types.js';

export type { AppliedResult, CallOutcome, PlannedCall, Remediation, RemediationContext } from './types.js';

/** Every remediation, by id. */
export const remediations: ReadonlyMap<string, Remediation> = new Map(
  [
    ...s3Remediations,
    ...cloudTrailRemediations,
    ...ec2Remediations,
    ...iamRemediations,
    ...kmsRemediations,
    ...rdsRemediations,
    ...dynamoDbRemediations,
    ...guardDutyRemediations,
  ].map((r) => [r.id, r]),
);

/** The remediations that apply to a resource type. */
export function remediationsFor(resourceType: string): Remediation[] {
  return [...remediations.values()].filter((r) => r.resourceTypes.includes(resourceType));
}

/** One planned call as it would be sent: `s3:PutPublicAccessBlock {"Bucket":"x",...}`. */
export function formatCall(c: PlannedCall): string {
  return `${c.service}:${c.operation} ${JSON.stringify(c.input)}`;
}

/**
 * The dry run: the planned calls, one line each, exactly as they would be sent; an empty string
 * when the resource is already compliant. Nothing is sent.
 */
export function dryRun(remediation: Remediation, resource: ResourceSnapshot, params?: unknown): string {
  return remediation.plan(resource, params).map(formatCall).join('\n');
}
