// AWS Support Access Is Given To A Role: The AWSSupportAccess managed policy is attached to at least one role, so incidents can be handled with AWS Support.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface IamPolicy {
  readonly ARN: string | null;
  readonly Entities: { readonly PolicyRoles: readonly unknown[] } | null;
}

export function policy(event: PantherEvent<IamPolicy>): boolean {
  const resource = event.data;
  if (!(resource.ARN ?? '').endsWith(':iam::aws:policy/AWSSupportAccess')) return true;
  return (resource.Entities?.PolicyRoles ?? []).length > 0;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'AWS Support Access Is Given To A Role');
}
