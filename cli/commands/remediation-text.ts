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

/** A call of an applied remediation as the CLI reports it. */
export interface ReportedCall {
  readonly call: PlannedCall;
  readonly outcome: 'sent' | 'failed' | 'not sent';
  readonly error?: string;
}

/** An applied remediation: its status line, then each call sent, failed or not sent after a failure. */
export function appliedLines(remediationId: string, resourceId: string, status: string, error: string | undefined, calls: readonly ReportedCall[]): string[] {
  const lines = [`${remediationId} on ${resourceId}: ${status}${error !== undefined ? ` (${error})` : ''}`];
  for (const c of calls) {
    const label = c.outcome === 'failed' ? 'FAILED' : c.outcome;
    lines.push(`  ${label} ${formatCall(c.call)}${c.outcome === 'failed' && c.error !== undefined ? ` -> ${c.error}` : ''}`);
  }
  return lines;
}
