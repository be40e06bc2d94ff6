// IAM Role Cannot Be Assumed By Anyone: The trust policy does not let every AWS principal assume the role without a condition naming the allowed accounts.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';
import { publicStatements } from '../../helpers/iam-document.js';

interface Role {
  readonly AssumeRolePolicyDocument: string | null;
}

export function policy(event: PantherEvent<Role>): boolean {
  const resource = event.data;
  return publicStatements(resource.AssumeRolePolicyDocument).length === 0;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'IAM Role Cannot Be Assumed By Anyone');
}
