// Log source settings (document collection `sources`) and their health. The settings have the
// shape of the processor's SourceConfig (processing/sources.ts) plus kmsKeyArn; log types are
// checked against the registry and stored under their canonical names.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { VersionConflictError, type DocumentStore } from '../../adapters/document-store.js';
import { isValidDocumentId } from '../../adapters/local/dir-document-store.js';
import type { SourceConfig } from '../../processing/sources.js';
import { logTypeSet, type LogTypeSet } from '../../parsers/registry.js';
import { ProblemError, notFound } from '../http.js';
import { emptySourceStats, STATS_COLLECTION, sourceHealth, type SourceHealth, type SourceStats } from './sources-health.js';

export const SOURCES_COLLECTION = 'sources';

/** An IAM role ARN: `arn:<partition>:iam::<12 digits>:role/<path/name>`. */
export const ROLE_ARN_RE = /^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const KMS_KEY_ARN_RE = /^arn:aws(?:-cn|-us-gov)?:kms:[a-z]{2}(?:-gov)?-[a-z]+-\d:\d{12}:key\/[\w-]{1,128}$/;

export const LogSourceInput = z
  .strictObject({
    label: z.string().trim().min(1, 'must not be empty').max(128, 'at most 128 characters'),
    // S3's naming rules (lower case, digits, dots and hyphens, 3-63 characters).
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name'),
    prefixes: z
      .array(
        z.strictObject({
          prefix: z.string().max(1024, 'at most 1024 characters'),
          logTypes: z.array(z.string().min(1, 'must not be empty')).min(1, 'must list at least one log type'),
        }),
      )
      .min(1, 'must list at least one prefix'),
    roleArn: z.string().regex(ROLE_ARN_RE, 'expected an IAM role ARN (arn:aws:iam::<account>:role/<name>)').optional(),
    externalId: z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, 'expected 2-1224 characters among letters, digits and +=,.@:/-').optional(),
    kmsKeyArn: z.string().regex(KMS_KEY_ARN_RE, 'expected a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)').optional(),
  })
  .superRefine((s, ctx) => {
    if (s.externalId !== undefined && s.roleArn === undefined) ctx.addIssue({ code: 'custom', path: ['externalId'], message: 'an externalId needs a roleArn' });
    const seen = new Set<string>();
    s.prefixes.forEach((p, i) => {
      if (seen.has(p.prefix)) ctx.addIssue({ code: 'custom', path: ['prefixes', i, 'prefix'], message: `duplicate prefix ${JSON.stringify(p.prefix)}` });
      seen.add(p.prefix);
    });
  });
export type LogSourceInput = z.output<typeof LogSourceInput>;

/** A log source as the API answers it. */
export type LogSource = LogSourceInput & { readonly id: string; readonly updatedAt: string };

export interface SourcesServiceOptions {
  readonly documents: DocumentStore;
  /** The log types sources may name; default: the built-in ones. */
  readonly logTypes?: LogTypeSet;
  readonly now?: () => Date;
}

export class SourcesService {
  private readonly sources;
  private readonly stats;
  private readonly logTypes: LogTypeSet;
  private readonly now: () => Date;

  constructor(opts: SourcesServiceOptions) {
    this.sources = opts.documents.collection<LogSourceInput>(SOURCES_COLLECTION);
    this.stats = opts.documents.collection<SourceStats>(STATS_COLLECTION);
    this.logTypes = opts.logTypes ?? logTypeSet();
    this.now = opts.now ?? (() => new Date());
  }

  async list(): Promise<LogSource[]> {
    return (await this.sources.list()).map((d) => ({ id: d.id, ...d.value, updatedAt: d.updatedAt }));
  }

  async get(id: string): Promise<LogSource> {
    const d = isValidDocumentId(id) ? await this.sources.get(id) : undefined;
    if (d === undefined) throw notFound(`log source ${id}`);
    return { id: d.id, ...d.value, updatedAt: d.updatedAt };
  }

  async create(input: LogSourceInput): Promise<LogSource> {
    const value = await this.checked(input, undefined);
    const d = await this.sources.put(randomUUID(), value, { ifVersion: 'absent' });
    return { id: d.id, ...d.value, updatedAt: d.updatedAt };
  }

  async replace(id: string, input: LogSourceInput): Promise<LogSource> {
    const current = isValidDocumentId(id) ? await this.sources.get(id) : undefined;
    if (current === undefined) throw notFound(`log source ${id}`);
    const value = await this.checked(input, id);
    try {
      const d = await this.sources.put(id, value, { ifVersion: current.version });
      return { id: d.id, ...d.value, updatedAt: d.updatedAt };
    } catch (err) {
      if (err instanceof VersionConflictError) throw new ProblemError(409, 'Conflict', `log source ${id} changed meanwhile; reload and retry`);
      throw err;
    }
  }

  async delete(id: string): Promise<void> {
    if (!isValidDocumentId(id) || !(await this.sources.delete(id))) throw notFound(`log source ${id}`);
    await this.stats.delete(id);
  }

  async health(id: string): Promise<SourceHealth> {
    await this.get(id);
    const stats = await this.stats.get(id);
    return sourceHealth(stats?.value ?? emptySourceStats(), this.now());
  }

  /** Every source in the processor's configuration shape (what the log processor is given). */
  async processorConfig(): Promise<SourceConfig[]> {
    return (await this.list()).map((s) => ({
      id: s.id,
      label: s.label,
      bucket: s.bucket,
      prefixes: s.prefixes.map((p) => ({ prefix: p.prefix, logTypes: [...p.logTypes] })),
      ...(s.roleArn !== undefined ? { roleArn: s.roleArn } : {}),
      ...(s.externalId !== undefined ? { externalId: s.externalId } : {}),
    }));
  }

  /**
   * Log types resolved to their canonical names (400 naming each unknown one); a bucket prefix
   * another source already reads is a 409 (the processor could not tell them apart).
   */
  private async checked(input: LogSourceInput, selfId: string | undefined): Promise<LogSourceInput> {
    const errors: { path: string; message: string }[] = [];
    const prefixes = input.prefixes.map((p, i) => ({
      prefix: p.prefix,
      logTypes: p.logTypes.map((name, j) => {
        try {
          return this.logTypes.resolve([name])[0]?.name ?? name;
        } catch {
          errors.push({ path: `body.prefixes.${i}.logTypes.${j}`, message: `unknown log type ${JSON.stringify(name)}` });
          return name;
        }
      }),
    }));
    if (errors.length > 0) throw new ProblemError(400, 'Invalid request', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
    for (const other of await this.sources.list()) {
      if (other.id === selfId || other.value.bucket !== input.bucket) continue;
      const clash = prefixes.find((p) => other.value.prefixes.some((q) => q.prefix === p.prefix));
      if (clash !== undefined) {
        throw new ProblemError(409, 'Conflict', `s3://${input.bucket}/${clash.prefix} is already read by log source "${other.value.label}" (${other.id})`);
      }
    }
    return { ...input, prefixes };
  }
}
