// Alert destinations as the API shows them. Secrets are write-only: every answer replaces each
// secret value with "<redacted>", a PUT without `secrets` keeps the stored ones, and a PUT that
// sends back "<redacted>" for a key (what the console read) keeps that key's stored value.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DestinationConfig, type DeliveryOptions } from '../../detections/delivery/index.js';
import type { DestinationStore } from '../../detections/delivery/destination-store.js';
import { sendTestAlert } from '../../detections/delivery/test-alert.js';
import { ProblemError, notFound, validate } from '../http.js';

/** What answers show in place of a secret value (api-routes.md). */
export const SECRET_PLACEHOLDER = '<redacted>';

// Destination ids end up in file names and Secrets Manager names (detections/delivery/stores).
const DESTINATION_ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.@+=-]{0,127}$/;
const isDestinationId = (id: string): boolean => DESTINATION_ID_RE.test(id);

/** The body's envelope; the per-type shape is checked by DestinationConfig once the id is known. */
const CreateEnvelope = z.looseObject({
  secrets: z.unknown().optional(),
  id: z.string().regex(DESTINATION_ID_RE, 'letters, digits and _.@+=- only, at most 128 characters, starting with a letter or digit').optional(),
});
const ReplaceEnvelope = z.looseObject({ id: z.string().optional(), secrets: z.unknown().optional() });

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** A destination with every secret value replaced by the placeholder (keys stay visible). */
export type RedactedDestination = Omit<DestinationConfig, 'secrets'> & { readonly secrets: Record<string, Json> };

function redactValue(v: unknown): Json {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactValue(x)]));
  if (Array.isArray(v)) return v.map(redactValue);
  return SECRET_PLACEHOLDER;
}

export function redactDestination(config: DestinationConfig): RedactedDestination {
  return { ...config, secrets: redactValue(config.secrets) as Record<string, Json> };
}

/**
 * Puts back stored values where the input says "<redacted>". A placeholder with nothing stored
 * under its key is reported (it would otherwise become a literal token "<redacted>").
 */
function restoreSecrets(input: unknown, stored: unknown, path: string[], errors: { path: string; message: string }[]): unknown {
  if (input === SECRET_PLACEHOLDER) {
    if (stored === undefined || (stored !== null && typeof stored === 'object')) {
      errors.push({ path: ['body', 'secrets', ...path].join('.'), message: `"${SECRET_PLACEHOLDER}" stands for a stored secret, and none is stored under this key` });
    }
    return stored;
  }
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
    const old = stored !== null && typeof stored === 'object' && !Array.isArray(stored) ? (stored as Record<string, unknown>) : {};
    return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, restoreSecrets(v, old[k], [...path, k], errors)]));
  }
  return input;
}

function invalid(errors: { path: string; message: string }[]): ProblemError {
  return new ProblemError(400, 'Invalid request', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
}

export interface TestResult {
  readonly ok: boolean;
  readonly status?: number;
  readonly error?: string;
}

export class DestinationsService {
  constructor(
    private readonly store: DestinationStore,
    private readonly delivery: DeliveryOptions,
  ) {}

  async list(): Promise<RedactedDestination[]> {
    const all = await this.store.list();
    return all.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1)).map(redactDestination);
  }

  async get(id: string): Promise<RedactedDestination> {
    return redactDestination(await this.stored(id));
  }

  async create(body: unknown): Promise<RedactedDestination> {
    const envelope = validate(CreateEnvelope, body, 'body');
    const id = envelope.id ?? randomUUID();
    // Nothing is stored yet: a placeholder would otherwise become a literal secret "<redacted>".
    const errors: { path: string; message: string }[] = [];
    restoreSecrets(envelope.secrets, undefined, [], errors);
    if (errors.length > 0) throw invalid(errors);
    const config = validate(DestinationConfig, { ...envelope, id }, 'body');
    if ((await this.store.get(id)) !== undefined) throw new ProblemError(409, 'Conflict', `destination ${id} already exists`);
    await this.assertUniqueName(config);
    await this.store.put(config);
    return redactDestination(config);
  }

  async replace(id: string, body: unknown): Promise<RedactedDestination> {
    const current = await this.stored(id);
    const envelope = validate(ReplaceEnvelope, body, 'body');
    if (envelope.id !== undefined && envelope.id !== id) throw invalid([{ path: 'body.id', message: `must be the id of the path (${id}) or absent` }]);
    const errors: { path: string; message: string }[] = [];
    let secrets: unknown;
    if (envelope.secrets === undefined) {
      // Secrets of another type would not fit: changing the type needs new secrets.
      if (envelope.type !== undefined && envelope.type !== current.type) errors.push({ path: 'body.secrets', message: 'required when the type changes' });
      secrets = current.secrets;
    } else {
      secrets = restoreSecrets(envelope.secrets, envelope.type === undefined || envelope.type === current.type ? current.secrets : undefined, [], errors);
    }
    if (errors.length > 0) throw invalid(errors);
    const config = validate(DestinationConfig, { ...envelope, id, secrets }, 'body');
    await this.assertUniqueName(config);
    await this.store.put(config);
    return redactDestination(config);
  }

  async delete(id: string): Promise<void> {
    if (!isDestinationId(id) || !(await this.store.delete(id))) throw notFound(`destination ${id}`);
  }

  /** Sends a test alert; the error text comes from delivery, which redacts the destination's secrets. */
  async test(id: string, now?: Date): Promise<TestResult> {
    const r = await sendTestAlert(await this.stored(id), this.delivery, now);
    return { ok: r.ok, ...(r.status !== undefined ? { status: r.status } : {}), ...(r.error !== undefined ? { error: r.error } : {}) };
  }

  private async stored(id: string): Promise<DestinationConfig> {
    const config = isDestinationId(id) ? await this.store.get(id) : undefined;
    if (config === undefined) throw notFound(`destination ${id}`);
    return config;
  }

  /** Rules route alerts by destination id or name: names must be unambiguous. */
  private async assertUniqueName(config: DestinationConfig): Promise<void> {
    const clash = (await this.store.list()).find((d) => d.id !== config.id && (d.name === config.name || d.id === config.name || d.name === config.id));
    if (clash !== undefined) throw new ProblemError(409, 'Conflict', `destination ${clash.id} is already named or identified "${config.name === clash.name || config.name === clash.id ? config.name : config.id}"`);
  }
}
