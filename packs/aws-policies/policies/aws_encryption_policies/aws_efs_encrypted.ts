// EFS File System Is Encrypted: The file system is encrypted at rest.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface FileSystem {
  readonly Encrypted: boolean | null;
}

export function policy(event: PantherEvent<FileSystem>): boolean {
  const resource = event.data;
  return resource.Encrypted === true;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'EFS File System Is Encrypted');
}
