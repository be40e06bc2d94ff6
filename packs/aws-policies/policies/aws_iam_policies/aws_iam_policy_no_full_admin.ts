// No Customer Policy Grants Full Administrator Access: No attached customer-managed policy allows "*" on "*".
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';
import { list, statements } from '../../helpers/iam-document.js';

interface IamPolicy {
  readonly ARN: string | null;
  readonly AttachmentCount: number | null;
  readonly PolicyDocument: string | null;
}

export function policy(event: PantherEvent<IamPolicy>): boolean {
  const resource = event.data;
  // AWS-managed policies (arn:aws:iam::aws:policy/...) are not the account's to change.
  if ((resource.ARN ?? '').includes(':iam::aws:policy/')) return true;
  if ((resource.AttachmentCount ?? 0) === 0) return true;
  return !statements(resource.PolicyDocument).some(
    (s) => s.Effect === 'Allow' && list(s.Action).includes('*') && list(s.Resource).includes('*'),
  );
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'No Customer Policy Grants Full Administrator Access');
}
