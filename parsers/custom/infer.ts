// Drafts a custom schema from sample JSON lines: types merged across lines, fields present in
// every line required, a timestamp chosen as event time, indicators guessed from the values.
import { isIP } from 'node:net';
import { parseRfc3339 } from '../core/time.js';
import type { FieldSpec, SchemaSpec } from './spec.js';

type Kind = 'null' | 'string' | 'timestamp' | 'int' | 'bigint' | 'float' | 'boolean' | 'object' | 'array' | 'json';

interface Node {
  kind: Kind;
  /** Object members with how many of the parent's occurrences had them non-null. */
  members?: Map<string, { node: Node; seen: number }>;
  occurrences: number;
  element?: Node;
  /** Value classes every string seen so far belongs to (ip, email, arn), for indicators. */
  classes?: Set<string>;
}

const INT32 = 2 ** 31;
const FIELD_NAME = /^[A-Za-z_@][A-Za-z0-9_@.-]*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;

function classesOf(s: string): Set<string> {
  const c = new Set<string>();
  if (isIP(s) !== 0) c.add('ip');
  if (EMAIL.test(s)) c.add('email');
  if (s.startsWith('arn:aws')) c.add('aws_arn');
  return c;
}

function leaf(v: unknown): Node {
  if (v === null || v === undefined) return { kind: 'null', occurrences: 1 };
  if (typeof v === 'boolean') return { kind: 'boolean', occurrences: 1 };
  if (typeof v === 'number') return { kind: Number.isInteger(v) ? (Math.abs(v) < INT32 ? 'int' : 'bigint') : 'float', occurrences: 1 };
  if (typeof v === 'string') return { kind: parseRfc3339(v) !== null ? 'timestamp' : 'string', occurrences: 1, classes: classesOf(v) };
  if (Array.isArray(v)) {
    let element: Node | undefined;
    for (const e of v) element = element === undefined ? leaf(e) : merge(element, leaf(e));
    return { kind: 'array', occurrences: 1, ...(element !== undefined ? { element } : {}) };
  }
  const members = new Map<string, { node: Node; seen: number }>();
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) members.set(k, { node: leaf(x), seen: x === null ? 0 : 1 });
  return { kind: 'object', occurrences: 1, members };
}

function mergeKind(a: Kind, b: Kind): Kind {
  if (a === b) return a;
  if (a === 'null') return b;
  if (b === 'null') return a;
  const pair = new Set([a, b]);
  if (pair.has('int') && pair.has('bigint')) return 'bigint';
  if ((pair.has('int') || pair.has('bigint')) && pair.has('float')) return 'float';
  if (pair.has('timestamp') && pair.has('string')) return 'string';
  return 'json';
}

function merge(a: Node, b: Node): Node {
  const kind = mergeKind(a.kind, b.kind);
  const out: Node = { kind, occurrences: a.occurrences + b.occurrences };
  if (a.classes !== undefined || b.classes !== undefined) {
    const ca = a.classes, cb = b.classes;
    out.classes = ca === undefined ? new Set(cb) : cb === undefined ? new Set(ca) : new Set([...ca].filter((c) => cb.has(c)));
  }
  if (kind === 'object') {
    const members = new Map(a.members ?? []);
    for (const [k, m] of b.members ?? []) {
      const prev = members.get(k);
      members.set(k, prev === undefined ? m : { node: merge(prev.node, m.node), seen: prev.seen + m.seen });
    }
    out.members = members;
  }
  if (kind === 'array') {
    const e = a.element === undefined ? b.element : b.element === undefined ? a.element : merge(a.element, b.element);
    if (e !== undefined) out.element = e;
  }
  return out;
}

function spec(node: Node): Omit<FieldSpec, 'name'> {
  switch (node.kind) {
    case 'null':
      return { type: 'string' };
    case 'object': {
      const members = [...(node.members ?? new Map()).entries()];
      // Keys a schema cannot name (spaces, unicode) or no keys at all: keep the object as JSON.
      if (members.length === 0 || members.some(([k]) => !FIELD_NAME.test(k))) return { type: 'json' };
      return { type: 'object', fields: members.map(([k, m]) => field(k, m.node, m.seen === node.occurrences)) };
    }
    case 'array':
      return node.element === undefined || node.element.kind === 'null' ? { type: 'array', element: { type: 'string' } } : { type: 'array', element: spec(node.element) };
    case 'timestamp':
      return { type: 'timestamp', timeFormat: 'rfc3339' };
    default: {
      const s: Omit<FieldSpec, 'name'> = { type: node.kind };
      const ind = [...(node.classes ?? [])] as FieldSpec['indicators'];
      if (node.kind === 'string' && ind !== undefined && ind.length > 0) s.indicators = ind;
      return s;
    }
  }
}

function field(name: string, node: Node, required: boolean): FieldSpec {
  const s = spec(node);
  if (/^(user(_?name)?|login)$/i.test(name) && s.type === 'string') s.indicators = [...(s.indicators ?? []), 'username'];
  return { name, ...(required ? { required: true } : {}), ...s };
}

/** Drafts a schema from JSON lines; throws on a line that is not a JSON object, naming it. */
export function inferSchema(lines: readonly string[], name: string): SchemaSpec {
  let root: Node | undefined;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (err) {
      throw new Error(`line ${i + 1}: not JSON: ${(err as Error).message}`);
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`line ${i + 1}: not a JSON object`);
    const n = leaf(v);
    root = root === undefined ? n : merge(root, n);
  });
  if (root === undefined) throw new Error('no JSON lines to infer from');
  // At the top, keys a schema cannot name are left out (and said), not the whole line turned to JSON.
  const members = [...(root.members ?? new Map<string, { node: Node; seen: number }>()).entries()];
  const skipped = members.filter(([k]) => !FIELD_NAME.test(k)).map(([k]) => k);
  const fields = members.filter(([k]) => FIELD_NAME.test(k)).map(([k, m]) => field(k, m.node, m.seen === root?.occurrences));
  if (fields.length === 0) throw new Error('the lines have no keys a schema can name');
  const times = fields.filter((f) => f.type === 'timestamp');
  const eventTime = times.find((f) => /^(time|timestamp|@timestamp|ts|date|eventtime|event_time|created(_at)?)$/i.test(f.name)) ?? times[0];
  if (eventTime !== undefined) eventTime.isEventTime = true;
  const note = skipped.length > 0 ? ` It left out keys no schema field can name: ${skipped.join(', ')}.` : '';
  return { schema: name, description: `Drafted by panther schema infer from ${lines.length} line(s): review types, required fields and indicators.${note}`, fields };
}
