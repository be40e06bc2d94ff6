// EKS API Endpoint Is Not Open To The Internet: The Kubernetes API endpoint is private, or public only to listed CIDR ranges (not 0.0.0.0/0).
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Cluster {
  readonly ResourcesVpcConfig: { readonly EndpointPublicAccess?: boolean; readonly PublicAccessCidrs?: readonly string[] } | null;
}

export function policy(event: PantherEvent<Cluster>): boolean {
  const resource = event.data;
  const c = resource.ResourcesVpcConfig;
  if (c === null || c.EndpointPublicAccess !== true) return true;
  return !(c.PublicAccessCidrs ?? ['0.0.0.0/0']).includes('0.0.0.0/0');
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'EKS API Endpoint Is Not Open To The Internet');
}
