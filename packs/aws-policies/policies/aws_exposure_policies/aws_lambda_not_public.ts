// Lambda Function Policy Does Not Allow Everyone: The resource policy does not let any principal invoke the function unconditionally, and service principals are pinned to a source ARN or account.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';
import { isAnyone, isNarrowed, statements } from '../../helpers/iam-document.js';

interface LambdaFunction {
  readonly Policy: { readonly Policy: string | null } | null;
}

export function policy(event: PantherEvent<LambdaFunction>): boolean {
  const resource = event.data;
  return !statements(resource.Policy?.Policy).some((s) => {
    if (s.Effect !== 'Allow' || isNarrowed(s)) return false;
    // A service principal without a source condition can be used by any account's resources.
    const p = s.Principal;
    const service = p !== null && typeof p === 'object' && 'Service' in p;
    return isAnyone(p) || service;
  });
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'Lambda Function Policy Does Not Allow Everyone');
}
