// KMS Customer Key Rotation Enabled: Enabled symmetric customer-managed keys rotate their key material automatically.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Key {
  readonly KeyManager: string | null;
  readonly KeySpec: string | null;
  readonly KeyState: string | null;
  readonly Origin: string | null;
  readonly KeyRotationEnabled: boolean | null;
}

export function policy(event: PantherEvent<Key>): boolean {
  const resource = event.data;
  // Rotation applies only to enabled, symmetric, customer-managed keys with AWS-made material.
  const applies = resource.KeyManager === 'CUSTOMER' && resource.KeySpec === 'SYMMETRIC_DEFAULT' && resource.KeyState === 'Enabled' && resource.Origin === 'AWS_KMS';
  return !applies || resource.KeyRotationEnabled === true;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'KMS Customer Key Rotation Enabled');
}
