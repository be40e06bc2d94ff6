// How the CLI prints a remediation's dry run: one wording for `panther remediate` and for the
// automatic remediations of `panther scan`, so both read the same.
import { formatCall } from '../../cloud-security/remediations/index.js';
import type { PlannedCall } from '../../cloud-security/remediations/types.js';

/** The dry run of one remediation on one resource: the header, then each call it would send. */
export function dryRunLines(remediationId: string, resourceId: string, calls: readonly PlannedCall[]): string[] {
  const where = `${remediationId} on ${resourceId}`;
  if (calls.length === 0) return [`Dry run of ${where}: already compliant, nothing to send.`];
  return [`Dry run of ${where}: would send, in order:`, ...calls.map((c) => `  ${formatCall(c)}`)];
}
