// Result normalization: turns what a runtime (Python or TypeScript) returned for one detection and
// one event into a RuleMatch, a RuleError or nothing, with Panther's limits and fallbacks
// (pypanther's Rule.run in batch mode: auxiliary errors keep the match and use defaults).
import { SEVERITIES, type DetectionSettings, type RawDetectionOutput, type RuleAuxFunction, type RuleError, type RuleMatch, type Severity } from '../types.js';

export const MAX_DEDUP_STRING_SIZE = 1000;
export const MAX_GENERATED_FIELD_SIZE = 1000;
export const MAX_DESTINATIONS_SIZE = 10;
/** Characters of the serialized alert context (Python's json.dumps output, as Panther measures it). */
export const MAX_ALERT_CONTEXT_SIZE = 200 * 1024;
export const TRUNCATED_STRING_SUFFIX = '... (truncated)';
/**
 * Panther puts the error of alert_context() under "_error" (pypanther ALERT_CONTEXT_ERROR_KEY);
 * we follow Panther rather than the `{ "error": ... }` of the types.ts comment.
 */
export const ALERT_CONTEXT_ERROR_KEY = '_error';
/** A destinations() result of [] suppresses delivery; Panther marks it with this single entry. */
export const SKIP_DESTINATIONS = 'SKIP';

export interface NormalizeContext {
  readonly logType: string;
  readonly eventRowId?: string;
  readonly eventTime?: string;
}

export type NormalizeResult =
  | {
      readonly kind: 'match';
      readonly match: RuleMatch;
      /** Errors of auxiliary functions: the match keeps defaults for them (Panther's batch mode); tests fail on them. */
      readonly auxErrors: Partial<Record<RuleAuxFunction, string>>;
    }
  | { readonly kind: 'nomatch' }
  | { readonly kind: 'error'; readonly error: RuleError };

/** Panther's truncate: over the limit, keep a prefix and end with the suffix, exactly `max` characters in all. */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  return value.slice(0, max - TRUNCATED_STRING_SUFFIX.length) + TRUNCATED_STRING_SUFFIX;
}

/** The Python type name of a value, so both runtimes word type errors alike. */
export function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'function') return 'function';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Set) return 'set';
  if (value instanceof Map) return 'dict';
  if (isPlainObject(value)) return 'dict';
  return (value as object).constructor?.name ?? 'object';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function returnTypeError(id: string, fn: string, value: unknown, expected: string): string {
  return `FunctionReturnTypeError: detection [${id}] method [${fn}] returned [${pythonTypeName(value)}], expected [${expected}]`;
}

/** Python's json.dumps string escaping with ensure_ascii=True. */
function pyString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || c > 0x7e) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

class NotSerializable extends Error {}

/**
 * Serializes like Python's json.dumps (separators ", " and ": ", ensure_ascii, allow_nan=False)
 * so the 200 KB limit falls where Panther's does. Values JSON cannot hold (functions, symbols,
 * bigints, Maps, Sets, NaN, cycles) are errors as in Python, instead of JSON.stringify's silent
 * drops. Undefined object properties are left out (JavaScript's notion of an absent key).
 */
export function pythonJsonDumps(value: unknown): string {
  const seen = new Set<object>();
  const enc = (v: unknown): string | undefined => {
    if (v === null) return 'null';
    if (v === undefined) return undefined;
    if (typeof v === 'string') return pyString(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new NotSerializable(`ValueError: Out of range float values are not JSON compliant: ${String(v)}`);
      return JSON.stringify(v);
    }
    if (typeof v === 'object') {
      const withToJson = v as { toJSON?: () => unknown };
      if (typeof withToJson.toJSON === 'function' && !Array.isArray(v)) return enc(withToJson.toJSON());
      if (seen.has(v)) throw new NotSerializable('ValueError: Circular reference detected');
      seen.add(v);
      try {
        if (Array.isArray(v)) return '[' + v.map((x) => enc(x) ?? 'null').join(', ') + ']';
        if (!isPlainObject(v)) throw new NotSerializable(`TypeError: Object of type ${pythonTypeName(v)} is not JSON serializable`);
        const parts: string[] = [];
        for (const [k, x] of Object.entries(v)) {
          const e = enc(x);
          if (e !== undefined) parts.push(`${pyString(k)}: ${e}`);
        }
        return '{' + parts.join(', ') + '}';
      } finally {
        seen.delete(v);
      }
    }
    throw new NotSerializable(`TypeError: Object of type ${pythonTypeName(v)} is not JSON serializable`);
  };
  const out = enc(value);
  if (out === undefined) throw new NotSerializable('TypeError: Object of type NoneType is not JSON serializable');
  return out;
}

function severityOf(raw: RawDetectionOutput, settings: DetectionSettings, auxErrors: Partial<Record<RuleAuxFunction, string>>): Severity {
  if (!('severity' in raw.aux) || raw.errors.severity !== undefined) return settings.severity;
  const value = raw.aux.severity;
  if (typeof value !== 'string') {
    auxErrors.severity = returnTypeError(settings.id, 'severity', value, 'str');
    return settings.severity;
  }
  const upper = value.toUpperCase();
  if (upper === 'DEFAULT') return settings.severity;
  if ((SEVERITIES as readonly string[]).includes(upper)) return upper as Severity;
  auxErrors.severity = `AssertionError: Expected severity to be any of the following: [${JSON.stringify(SEVERITIES).replace(/"/g, "'").replace(/,/g, ', ')}], got [${upper}] instead.`;
  return settings.severity;
}

/** title(), description(), reference(), runbook(): a string or an error; "" when absent or failed. */
function stringAux(fn: 'title' | 'dedup' | 'description' | 'reference' | 'runbook', raw: RawDetectionOutput, settings: DetectionSettings, auxErrors: Partial<Record<RuleAuxFunction, string>>): string | undefined {
  if (!(fn in raw.aux) || raw.errors[fn] !== undefined) return undefined;
  const value = raw.aux[fn];
  if (typeof value !== 'string') {
    auxErrors[fn] = returnTypeError(settings.id, fn, value, 'str');
    return undefined;
  }
  return value;
}

function alertContextOf(raw: RawDetectionOutput, settings: DetectionSettings, auxErrors: Partial<Record<RuleAuxFunction, string>>): Record<string, unknown> | null {
  const err = raw.errors.alert_context;
  if (err !== undefined) return { [ALERT_CONTEXT_ERROR_KEY]: err };
  if (!('alert_context' in raw.aux)) return null;
  const value = raw.aux.alert_context;
  if (!isPlainObject(value)) {
    const msg = returnTypeError(settings.id, 'alert_context', value, 'Mapping');
    auxErrors.alert_context = msg;
    return { [ALERT_CONTEXT_ERROR_KEY]: msg };
  }
  let serialized: string;
  try {
    serialized = pythonJsonDumps(value);
  } catch (e) {
    const msg = e instanceof NotSerializable ? e.message : `${(e as Error).name}: ${(e as Error).message}`;
    auxErrors.alert_context = msg;
    return { [ALERT_CONTEXT_ERROR_KEY]: msg };
  }
  if (serialized.length > MAX_ALERT_CONTEXT_SIZE) {
    // Panther does not count an oversized context as a function error, only replaces it.
    return { [ALERT_CONTEXT_ERROR_KEY]: `alert_context size is [${serialized.length}] characters, bigger than maximum of [${MAX_ALERT_CONTEXT_SIZE}] characters` };
  }
  // A plain JSON copy: later mutation by the rule cannot reach the stored context.
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

function destinationsOf(raw: RawDetectionOutput, settings: DetectionSettings, auxErrors: Partial<Record<RuleAuxFunction, string>>): readonly string[] | undefined {
  const fallback = settings.outputIds && settings.outputIds.length > 0 ? [...settings.outputIds] : undefined;
  if (!('destinations' in raw.aux) || raw.errors.destinations !== undefined) return fallback;
  const value = raw.aux.destinations;
  if (value === null || value === undefined) return fallback;
  // Panther accepts str (and bool) items; anything else makes the whole result an error.
  if (!Array.isArray(value) || !value.every((x) => typeof x === 'string' || typeof x === 'boolean')) {
    auxErrors.destinations = `FunctionReturnTypeError: detection [${settings.id}] method [destinations] returned [${pythonTypeName(value)}], expected a list`;
    return fallback;
  }
  if (value.length === 0) return [SKIP_DESTINATIONS];
  const unique: string[] = [];
  for (const d of value) {
    const name = typeof d === 'string' ? d : d ? 'True' : 'False';
    if (!unique.includes(name)) unique.push(name);
  }
  return unique.slice(0, MAX_DESTINATIONS_SIZE);
}

function recordAuxErrors(raw: RawDetectionOutput, auxErrors: Partial<Record<RuleAuxFunction, string>>): void {
  for (const [fn, msg] of Object.entries(raw.errors)) {
    if (fn !== 'rule' && fn !== 'policy' && msg !== undefined) auxErrors[fn as RuleAuxFunction] = msg;
  }
}

function buildMatch(raw: RawDetectionOutput, settings: DetectionSettings, ctx: NormalizeContext): NormalizeResult {
  const auxErrors: Partial<Record<RuleAuxFunction, string>> = {};
  recordAuxErrors(raw, auxErrors);
  const defaultTitle = settings.displayName ? settings.displayName : settings.id;

  // pypanther: title() defaults to DisplayName or RuleID, also when it raises or returns a non-string.
  const titleOut = stringAux('title', raw, settings, auxErrors);
  const titleForDedup = titleOut === undefined ? defaultTitle : truncate(titleOut, MAX_GENERATED_FIELD_SIZE);
  // An empty title() result stays empty for the dedup fallback (as Panther) but the alert shows the default.
  const title = titleForDedup === '' ? defaultTitle : titleForDedup;

  const dedupOut = stringAux('dedup', raw, settings, auxErrors);
  let dedup = dedupOut ?? '';
  if (dedup === '') dedup = titleForDedup;
  if (dedup === '') dedup = `defaultDedupString:${settings.id}`;
  dedup = truncate(dedup, MAX_DEDUP_STRING_SIZE);

  const pick = (fn: 'description' | 'reference' | 'runbook', spec: string | undefined): string | undefined => {
    const out = stringAux(fn, raw, settings, auxErrors);
    return out ? truncate(out, MAX_GENERATED_FIELD_SIZE) : spec;
  };
  const description = pick('description', settings.description);
  const reference = pick('reference', settings.reference);
  const runbook = pick('runbook', settings.runbook);
  const severity = severityOf(raw, settings, auxErrors);
  const alertContext = alertContextOf(raw, settings, auxErrors);
  const destinations = destinationsOf(raw, settings, auxErrors);

  const match: RuleMatch = {
    ruleId: settings.id,
    logType: ctx.logType,
    title,
    dedup,
    severity,
    alertContext,
    ...(description !== undefined ? { description } : {}),
    ...(reference !== undefined ? { reference } : {}),
    ...(runbook !== undefined ? { runbook } : {}),
    ...(destinations !== undefined ? { destinations } : {}),
    dedupPeriodMinutes: settings.dedupPeriodMinutes,
    threshold: settings.threshold,
    ...(ctx.eventRowId !== undefined ? { eventRowId: ctx.eventRowId } : {}),
    ...(ctx.eventTime !== undefined ? { eventTime: ctx.eventTime } : {}),
  };
  return { kind: 'match', match, auxErrors };
}

function ruleError(fn: 'rule' | 'policy', message: string, settings: DetectionSettings, ctx: NormalizeContext): NormalizeResult {
  return {
    kind: 'error',
    error: {
      ruleId: settings.id,
      logType: ctx.logType,
      error: `${fn}: ${message}`,
      severity: settings.severity,
      ...(ctx.eventRowId !== undefined ? { eventRowId: ctx.eventRowId } : {}),
    },
  };
}

function normalize(fn: 'rule' | 'policy', alertOn: boolean, raw: RawDetectionOutput, settings: DetectionSettings, ctx: NormalizeContext): NormalizeResult {
  const err = raw.errors[fn];
  if (err !== undefined) return ruleError(fn, err, settings, ctx);
  if (raw.timedOut) return ruleError(fn, 'TimeoutError: the detection exceeded its time limit', settings, ctx);
  if (typeof raw.matched !== 'boolean') return ruleError(fn, returnTypeError(settings.id, fn, raw.matched, 'bool'), settings, ctx);
  if (raw.matched !== alertOn) return { kind: 'nomatch' };
  return buildMatch(raw, settings, ctx);
}

/** A rule's output: rule() true is a match, false nothing; a raise, a timeout or a non-bool is a rule error. */
export function normalizeRule(raw: RawDetectionOutput, settings: DetectionSettings, ctx: NormalizeContext): NormalizeResult {
  return normalize('rule', true, raw, settings, ctx);
}

/**
 * A policy's output: policy() true means compliant (nothing); false is a match (a failing
 * resource) normalized like a rule's; ctx.logType is the resource type.
 */
export function normalizePolicy(raw: RawDetectionOutput, settings: DetectionSettings, ctx: NormalizeContext): NormalizeResult {
  return normalize('policy', false, raw, settings, ctx);
}
