// Log sources: which bucket and prefix hold which log types. The deployment passes them to
// the log processor as JSON; they are validated once, with errors that name the entry.
import { z } from 'zod';
import type { LogType, SourceInfo } from '../parsers/core/logtype.js';

export const SourceConfigSchema = z
  .object({
    id: z.string().min(1),
    label: z.string().min(1),
    bucket: z.string().min(3),
    /** Role in the source account the processor assumes to read (log-source module). */
    roleArn: z.string().startsWith('arn:').optional(),
    /** The sts:ExternalId the source's role requires (the log-source module sets one). */
    externalId: z.string().min(2).max(1224).optional(),
    prefixes: z
      .array(
        z.object({
          prefix: z.string(),
          logTypes: z.array(z.string().min(1)).min(1),
        }).strict(),
      )
      .min(1),
  })
  .strict()
  .refine((s) => s.externalId === undefined || s.roleArn !== undefined, { message: 'externalId needs a roleArn', path: ['externalId'] });
export const SourcesSchema = z.array(SourceConfigSchema);
export type SourceConfig = z.infer<typeof SourceConfigSchema>;

export interface ResolvedSource {
  readonly source: SourceInfo;
  readonly logTypes: readonly LogType[];
  readonly roleArn?: string;
  readonly externalId?: string;
}

/** Parses and checks the sources JSON against the known log types. */
export function parseSources(json: string, resolve: (names: string[]) => LogType[]): SourceConfig[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new Error(`sources configuration is not JSON: ${(err as Error).message}`);
  }
  const parsed = SourcesSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`sources configuration: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  parsed.data.forEach((s, i) =>
    s.prefixes.forEach((p, j) => {
      try {
        resolve(p.logTypes);
      } catch (err) {
        throw new Error(`sources configuration: ${i}.prefixes.${j}.logTypes: ${(err as Error).message}`);
      }
    }),
  );
  return parsed.data;
}

/** The source for an object: the longest matching prefix among the sources of its bucket. */
export function matchSource(sources: readonly SourceConfig[], bucket: string, key: string, resolve: (names: string[]) => LogType[]): ResolvedSource | undefined {
  let best: { s: SourceConfig; logTypes: string[]; len: number } | undefined;
  for (const s of sources) {
    if (s.bucket !== bucket) continue;
    for (const p of s.prefixes) {
      if (key.startsWith(p.prefix) && (best === undefined || p.prefix.length > best.len)) best = { s, logTypes: p.logTypes, len: p.prefix.length };
    }
  }
  if (best === undefined) return undefined;
  return {
    source: { sourceId: best.s.id, sourceLabel: best.s.label },
    logTypes: resolve(best.logTypes),
    ...(best.s.roleArn !== undefined ? { roleArn: best.s.roleArn } : {}),
    ...(best.s.externalId !== undefined ? { externalId: best.s.externalId } : {}),
  };
}
