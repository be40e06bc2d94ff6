// su/sshd/login messages reporting a failed authentication for root.
import type { RFC3164 } from '../../../../parsers/syslog/rfc3164.js';
import type { RFC5424 } from '../../../../parsers/syslog/rfc5424.js';
import type { EventFor } from '../../../../detections/engine/event.js';

type Event = EventFor<typeof RFC5424> | EventFor<typeof RFC3164>;

const FAILED_ROOT: readonly RegExp[] = [
  /'su root' failed/i,
  /FAILED su for root/i,
  /Failed (password|publickey|keyboard-interactive\/pam) for root from/i,
  /authentication failure;.*\buser=root\b/i,
  /FAILED LOGIN .* FOR '?root'?/i,
];

export function rule(event: Event): boolean {
  const message = String(event.get('message') ?? '');
  return FAILED_ROOT.some((re) => re.test(message));
}

export function title(event: Event): string {
  return `Failed root login on ${String(event.get('hostname') ?? 'unknown host')} (${String(event.get('appname') ?? 'unknown')})`;
}

export function dedup(event: Event): string {
  return String(event.get('hostname') ?? 'unknown');
}

export function alertContext(event: Event): Record<string, unknown> {
  return { hostname: event.get('hostname') ?? null, appname: event.get('appname') ?? null, message: event.get('message') ?? null };
}
