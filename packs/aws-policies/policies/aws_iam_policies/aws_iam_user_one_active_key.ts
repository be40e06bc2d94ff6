// IAM User Has At Most One Active Access Key: A user has at most one active access key (two only briefly, during a rotation).
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface User {
  readonly CredentialReport: { readonly AccessKey1Active: boolean | null; readonly AccessKey2Active: boolean | null } | null;
}

export function policy(event: PantherEvent<User>): boolean {
  const resource = event.data;
  const r = resource.CredentialReport;
  return !(r?.AccessKey1Active === true && r.AccessKey2Active === true);
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'IAM User Has At Most One Active Access Key');
}
