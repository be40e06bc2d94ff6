// S3 Bucket Policy Denies HTTP Requests: The bucket policy denies every request made without TLS (aws:SecureTransport false).
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';
import { isAnyone, list, statements } from '../../helpers/iam-document.js';

interface Bucket {
  readonly Policy: string | null;
}

export function policy(event: PantherEvent<Bucket>): boolean {
  const resource = event.data;
  return statements(resource.Policy).some((s) => {
    if (s.Effect !== 'Deny' || !isAnyone(s.Principal)) return false;
    const actions = list(s.Action);
    if (!actions.includes('s3:*') && !actions.includes('*')) return false;
    const secure = s.Condition?.Bool?.['aws:SecureTransport'] ?? s.Condition?.Bool?.['aws:securetransport'];
    return secure === 'false' || secure === false;
  });
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'S3 Bucket Policy Denies HTTP Requests');
}
