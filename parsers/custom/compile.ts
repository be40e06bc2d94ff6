// Custom schema documents become log types through the same field language as built-in ones,
// so Glue tables, docs, validation and classification treat them alike.
import { ParserOptions } from '@fast-csv/parse';
import { Parser } from '@fast-csv/parse/build/src/parser/Parser.js';
import * as f from '../core/fields.js';
import type { Field, Fields, TimestampFormat } from '../core/fields.js';
import { defineLogType, normalizeTimestamp, type LogType, type ParseResult, type TextParserSpec } from '../core/logtype.js';
import { compileFastmatch } from './fastmatch.js';
import type { FieldSpec, ParserSpec, SchemaSpec } from './spec.js';
import { TIME_FORMATS } from './spec.js';
import { compileStrftime } from './strftime.js';

export class SchemaError extends Error {
  override name = 'SchemaError';
}

function timeFormat(spec: Omit<FieldSpec, 'name'>, path: string): TimestampFormat {
  const formats = spec.timeFormats ?? (spec.timeFormat !== undefined ? [spec.timeFormat] : ['rfc3339']);
  const parsers = formats.map((fmt): ((raw: unknown) => string | null) => {
    if ((TIME_FORMATS as readonly string[]).includes(fmt)) return (raw) => normalizeTimestamp(fmt as TimestampFormat, raw);
    try {
      return compileStrftime(fmt);
    } catch (err) {
      throw new SchemaError(`${path}.timeFormat: ${(err as Error).message}`);
    }
  });
  if (parsers.length === 1 && (TIME_FORMATS as readonly string[]).includes(formats[0] as string)) return formats[0] as TimestampFormat;
  return (raw) => {
    for (const p of parsers) {
      const out = p(raw);
      if (out !== null) return out;
    }
    return null;
  };
}

function toField(spec: Omit<FieldSpec, 'name'>, path: string, text: boolean): Field {
  const o = {
    required: spec.required === true,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    ...(spec.indicators !== undefined ? { indicators: spec.indicators } : {}),
    // Text parsers yield strings: scalars convert from their spelling.
    ...(text ? { coerce: true } : {}),
  };
  if (spec.type !== 'timestamp' && (spec.timeFormat !== undefined || spec.timeFormats !== undefined)) throw new SchemaError(`${path}.timeFormat: only timestamp fields have a time format`);
  if (spec.type !== 'object' && spec.fields !== undefined) throw new SchemaError(`${path}.fields: only object fields have fields`);
  if (spec.type !== 'array' && spec.element !== undefined) throw new SchemaError(`${path}.element: only array fields have an element`);
  if (text && (spec.type === 'object' || spec.type === 'array')) throw new SchemaError(`${path}.type: ${spec.type} fields need the json parser`);
  switch (spec.type) {
    case 'string':
      return f.string(o);
    case 'int':
      return f.int(o);
    case 'bigint':
      return f.bigint(o);
    case 'float':
      return f.float(o);
    case 'boolean':
      return f.boolean(o);
    case 'json':
      return f.json(o);
    case 'timestamp':
      return f.timestamp({ ...o, format: timeFormat(spec, path) });
    case 'object':
      if (spec.fields === undefined) throw new SchemaError(`${path}.fields: an object field lists its fields`);
      return f.object(toFields(spec.fields, `${path}.fields`, text), o);
    case 'array':
      if (spec.element === undefined) throw new SchemaError(`${path}.element: an array field gives its element type`);
      return f.array(toField(spec.element, `${path}.element`, text), o);
  }
}

function toFields(specs: readonly FieldSpec[], path: string, text: boolean): Fields {
  const out: Record<string, Field> = {};
  specs.forEach((s, i) => {
    if (out[s.name] !== undefined) throw new SchemaError(`${path}[${i}].name: "${s.name}" is declared twice`);
    if (s.isEventTime === true && path !== 'fields') throw new SchemaError(`${path}[${i}].isEventTime: only top-level fields can be the event time`);
    out[s.name] = toField(s, `${path}[${i}]`, text);
  });
  return out;
}

const joined = (m: string | string[]): string => (Array.isArray(m) ? m.join('') : m);

/** Text values the parser leaves out (absent), then JSON for json-typed fields. */
function fromStrings(values: Record<string, string | undefined>, empty: ReadonlySet<string>, jsonFields: ReadonlySet<string>): Record<string, unknown> {
  const event: Record<string, unknown> = {};
  for (const k in values) {
    const v = values[k];
    if (v === undefined || empty.has(v)) continue;
    if (jsonFields.has(k)) {
      try {
        event[k] = JSON.parse(v) as unknown;
      } catch {
        event[k] = v;
      }
    } else event[k] = v;
  }
  return event;
}

function textParser(p: ParserSpec, fields: readonly FieldSpec[]): TextParserSpec {
  const jsonFields = new Set(fields.filter((s) => s.type === 'json').map((s) => s.name));
  if (p.csv !== undefined) {
    const csv = p.csv;
    const empty = new Set(csv.emptyValues ?? ['']);
    const row = new Parser(new ParserOptions({ delimiter: csv.delimiter ?? ',', quote: '"' }));
    if (csv.hasHeader !== true && csv.columns === undefined) throw new SchemaError('parser.csv: give columns, or hasHeader: true');
    const declared = new Set(fields.map((s) => s.name));
    const required = fields.filter((s) => s.required === true).map((s) => s.name);
    return {
      kind: 'text',
      create: () => {
        let columns = csv.columns;
        return (line): ParseResult => {
          let cells: string[];
          try {
            const rows = row.parse(line, false).rows as string[][];
            if (rows.length !== 1) return { ok: false, reason: 'not a single CSV row' };
            cells = rows[0] as string[];
          } catch (err) {
            return { ok: false, reason: `CSV: ${(err as Error).message}` };
          }
          if (columns === undefined) {
            // A header names declared fields only (and every required one): any other first line is not ours.
            const unknown = cells.find((c) => !declared.has(c));
            if (unknown !== undefined) return { ok: false, reason: `expected the CSV header first; column ${JSON.stringify(unknown.slice(0, 40))} is not a field of the schema` };
            const missing = required.find((r) => !cells.includes(r));
            if (missing !== undefined) return { ok: false, reason: `expected the CSV header first; it lacks the required field ${missing}` };
            columns = cells;
            return { ok: 'header' };
          }
          if (cells.length !== columns.length) return { ok: false, reason: `${cells.length} columns, the schema has ${columns.length}` };
          if (csv.hasHeader === true && cells.every((c, i) => c === columns?.[i])) return { ok: 'header' };
          const values: Record<string, string> = {};
          columns.forEach((c, i) => (values[c] = cells[i] as string));
          return { ok: true, event: fromStrings(values, empty, jsonFields) };
        };
      },
    };
  }
  if (p.regex !== undefined) {
    const source = joined(p.regex.match).replace(/\(\?P</g, '(?<');
    let re: RegExp;
    try {
      re = new RegExp(source);
    } catch (err) {
      throw new SchemaError(`parser.regex.match: ${(err as Error).message}`);
    }
    if (!/\(\?<[A-Za-z_]/.test(source)) throw new SchemaError('parser.regex.match: the pattern has no named group (?<name>...)');
    const empty = new Set(p.regex.emptyValues ?? ['', '-']);
    return {
      kind: 'text',
      create: () => (line) => {
        const m = re.exec(line);
        if (m === null || m.groups === undefined) return { ok: false, reason: 'the line does not match the regex' };
        return { ok: true, event: fromStrings(m.groups, empty, jsonFields) };
      },
    };
  }
  if (p.fastmatch !== undefined) {
    let matchers: ReturnType<typeof compileFastmatch>[];
    const patterns = Array.isArray(p.fastmatch.match) ? p.fastmatch.match : [p.fastmatch.match];
    try {
      matchers = patterns.map(compileFastmatch);
    } catch (err) {
      throw new SchemaError(`parser.fastmatch.match: ${(err as Error).message}`);
    }
    const empty = new Set(p.fastmatch.emptyValues ?? ['', '-']);
    return {
      kind: 'text',
      create: () => (line) => {
        // Several patterns: the first that matches wins (as Panther's fastmatch list).
        let reason = '';
        for (const m of matchers) {
          const r = m.match(line);
          if (typeof r !== 'string') return { ok: true, event: fromStrings(r, empty, jsonFields) };
          reason = r;
        }
        return { ok: false, reason };
      },
    };
  }
  throw new SchemaError('parser: no parser given');
}

/** Turns a validated schema document into a log type; SchemaError names the key at fault. */
export function compileSchema(spec: SchemaSpec): LogType {
  // No parser, or `json:`, reads JSON lines; the others read text.
  const text = spec.parser !== undefined && spec.parser.json === undefined;
  const fields = toFields(spec.fields, 'fields', text);
  const times = spec.fields.filter((s) => s.isEventTime === true);
  if (times.length > 1) throw new SchemaError(`fields: ${times.map((t) => t.name).join(' and ')} are both isEventTime; choose one`);
  const eventTime = times[0];
  if (eventTime !== undefined && eventTime.type !== 'timestamp') throw new SchemaError(`fields[${spec.fields.indexOf(eventTime)}].isEventTime: "${eventTime.name}" is a ${eventTime.type}, not a timestamp`);
  return defineLogType({
    name: spec.schema,
    description: spec.description ?? `Custom log type ${spec.schema}`,
    reference: spec.referenceURL ?? '',
    fields,
    ...(eventTime !== undefined ? { eventTime: eventTime.name } : {}),
    parser: text ? textParser(spec.parser as ParserSpec, spec.fields) : { kind: 'json' },
  });
}
