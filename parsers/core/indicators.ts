import { isIP } from 'node:net';
import type { Indicator } from './fields.js';

/** The p_any_* standard fields, in the architecture doc's order. */
export const INDICATOR_FIELDS = {
  ip: 'p_any_ip_addresses',
  domain: 'p_any_domain_names',
  md5: 'p_any_md5_hashes',
  sha1: 'p_any_sha1_hashes',
  sha256: 'p_any_sha256_hashes',
  trace_id: 'p_any_trace_ids',
  aws_account_id: 'p_any_aws_account_ids',
  aws_instance_id: 'p_any_aws_instance_ids',
  aws_arn: 'p_any_aws_arns',
  aws_tag: 'p_any_aws_tags',
  email: 'p_any_emails',
  username: 'p_any_usernames',
} as const;
export type StoredIndicator = keyof typeof INDICATOR_FIELDS;
export type IndicatorFieldName = (typeof INDICATOR_FIELDS)[StoredIndicator];
export type IndicatorFields = { [K in IndicatorFieldName]: string[] };
const FIELD_ENTRIES = Object.entries(INDICATOR_FIELDS) as Array<[StoredIndicator, IndicatorFieldName]>;

const HEX = { md5: /^[0-9a-f]{32}$/i, sha1: /^[0-9a-f]{40}$/i, sha256: /^[0-9a-f]{64}$/i } as const;
const ACCOUNT = /^\d{12}$/;
const INSTANCE = /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const EMAIL = /^[^\s@<>()"',;]+@[^\s@<>()"',;]+\.[a-z]{2,}$/i;
// RFC 1123 labels, at least two of them, a letter somewhere in the last one.
const DOMAIN = /^(?=.{1,253}\.?$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?\.?$/i;
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:(\d{12})?:.+/;

/** Collects indicator values for one event, validating each against its kind. */
export class IndicatorSet {
  private readonly sets = new Map<StoredIndicator, Set<string>>();

  add(kind: Indicator, raw: unknown): void {
    if (typeof raw !== 'string') {
      if (typeof raw === 'number' && (kind === 'aws_account_id' || kind === 'username')) raw = String(raw);
      else return;
    }
    const value = (raw as string).trim();
    if (value === '' || value === '-') return;
    switch (kind) {
      case 'ip': {
        const ip = stripPort(value);
        if (isIP(ip) !== 0) this.put('ip', ip.toLowerCase());
        return;
      }
      case 'domain':
        if (DOMAIN.test(value) && isIP(value) === 0) this.put('domain', value.replace(/\.$/, '').toLowerCase());
        return;
      case 'hostname': {
        const host = stripPort(value);
        if (isIP(host) !== 0) this.put('ip', host.toLowerCase());
        else this.add('domain', host);
        return;
      }
      case 'url': {
        try {
          const u = new URL(value);
          this.add('hostname', u.hostname.replace(/^\[|\]$/g, ''));
        } catch {
          // not a URL: nothing to take
        }
        return;
      }
      case 'md5':
      case 'sha1':
      case 'sha256':
        if (HEX[kind].test(value)) this.put(kind, value.toLowerCase());
        return;
      case 'aws_account_id':
        if (ACCOUNT.test(value)) this.put(kind, value);
        return;
      case 'aws_instance_id':
        if (INSTANCE.test(value)) this.put(kind, value);
        return;
      case 'aws_arn': {
        const m = ARN.exec(value);
        if (m === null) return;
        this.put('aws_arn', value);
        if (m[1] !== undefined) this.put('aws_account_id', m[1]);
        return;
      }
      case 'email':
        if (EMAIL.test(value)) this.put('email', value.toLowerCase());
        return;
      case 'aws_tag':
      case 'trace_id':
      case 'username':
        this.put(kind, value);
        return;
    }
  }

  /** Adds an AWS tag as `key:value`. */
  addTag(key: unknown, value: unknown): void {
    if (typeof key === 'string' && key !== '') this.put('aws_tag', `${key}:${typeof value === 'string' ? value : ''}`);
  }

  private put(kind: StoredIndicator, value: string): void {
    let set = this.sets.get(kind);
    if (set === undefined) this.sets.set(kind, (set = new Set()));
    set.add(value);
  }

  /** Every p_any_* field, each deduplicated and sorted (empty arrays included). */
  toFields(): IndicatorFields {
    return this.writeTo({} as IndicatorFields);
  }

  /** Sets every p_any_* field on `target` (no intermediate object on the hot path). */
  writeTo<T extends object>(target: T): T & IndicatorFields {
    const out = target as T & IndicatorFields;
    for (const [kind, field] of FIELD_ENTRIES) {
      const set = this.sets.get(kind);
      out[field] = set === undefined ? [] : set.size === 1 ? [...set] : [...set].sort();
    }
    return out;
  }
}

function stripPort(value: string): string {
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end > 0 ? value.slice(1, end) : value;
  }
  const colon = value.indexOf(':');
  // host:port (IPv4 or name), but not bare IPv6.
  if (colon > 0 && value.indexOf(':', colon + 1) < 0 && /^\d+$/.test(value.slice(colon + 1))) return value.slice(0, colon);
  return value;
}
