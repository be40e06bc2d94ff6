// Scheduled rule over the hourly "AWS Console Login Failures By Source IP" query: each row is one
// source IP's failed console sign-ins of the last day.
import type { PantherEvent } from '../../../../detections/engine/event.js';

/** Distinct identities one IP may fail for before it looks like spraying rather than typos. */
const MIN_IDENTITIES = 3;

type Row = PantherEvent<{ source_ip?: string; failures?: number; identities?: number; first_seen?: string; last_seen?: string }>;

const count = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' ? Number(v) || 0 : 0);

export function rule(event: Row): boolean {
  return count(event.get('identities')) >= MIN_IDENTITIES;
}

export function title(event: Row): string {
  return `Console password spraying from ${String(event.get('source_ip') ?? 'unknown')}: ${count(event.get('failures'))} failed sign-ins for ${count(event.get('identities'))} identities`;
}

export function dedup(event: Row): string {
  return String(event.get('source_ip') ?? 'unknown');
}

export function alertContext(event: Row): Record<string, unknown> {
  return {
    source_ip: event.get('source_ip') ?? null,
    failures: count(event.get('failures')),
    identities: count(event.get('identities')),
    first_seen: event.get('first_seen') ?? null,
    last_seen: event.get('last_seen') ?? null,
  };
}
