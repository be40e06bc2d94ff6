// Internet-Facing Load Balancer Does Not Serve Plain HTTP: An internet-facing load balancer has no HTTP listener that forwards traffic instead of redirecting it to HTTPS.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Listener {
  readonly Protocol?: string;
  readonly DefaultActions?: ReadonlyArray<{ readonly Type?: string; readonly RedirectConfig?: { readonly Protocol?: string } }>;
}
interface LoadBalancer {
  readonly Scheme: string | null;
  readonly Listeners: readonly Listener[] | null;
}

function redirectsToHttps(l: Listener): boolean {
  const actions = l.DefaultActions ?? [];
  return actions.length > 0 && actions.every((a) => a.Type === 'redirect' && a.RedirectConfig?.Protocol === 'HTTPS');
}

export function policy(event: PantherEvent<LoadBalancer>): boolean {
  const resource = event.data;
  if (resource.Scheme !== 'internet-facing') return true;
  return !(resource.Listeners ?? []).some((l) => l.Protocol === 'HTTP' && !redirectsToHttps(l));
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'Internet-Facing Load Balancer Does Not Serve Plain HTTP');
}
