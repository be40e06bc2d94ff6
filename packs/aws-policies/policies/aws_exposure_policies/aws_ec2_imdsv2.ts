// EC2 Instance Requires IMDSv2: The instance metadata service needs session tokens (IMDSv2), which blocks credential theft through SSRF.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Instance {
  readonly MetadataOptions?: { readonly HttpTokens?: string; readonly HttpEndpoint?: string } | null;
}

export function policy(event: PantherEvent<Instance>): boolean {
  const resource = event.data;
  const m = resource.MetadataOptions;
  // With the endpoint disabled there is nothing to steal.
  return m?.HttpEndpoint === 'disabled' || m?.HttpTokens === 'required';
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'EC2 Instance Requires IMDSv2');
}
