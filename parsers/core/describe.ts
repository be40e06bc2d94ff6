// Plain-data descriptions of log types for `panther logtypes --json` and the docs.
import type { Field } from './fields.js';
import { glueType } from './glue.js';
import type { LogType } from './logtype.js';

export interface FieldDescription {
  name: string;
  type: string;
  required: boolean;
  description?: string;
  indicators?: string[];
  glueType: string;
  fields?: FieldDescription[];
  element?: Omit<FieldDescription, 'name' | 'required'>;
}

export interface LogTypeDescription {
  name: string;
  table: string;
  description: string;
  reference: string;
  eventTime: string | null;
  /** Fields that give the event time when the eventTime field is absent. */
  eventTimeFallbacks?: string[];
  parser: 'json' | 'text';
  fields: FieldDescription[];
}

function typeName(f: Field): string {
  switch (f.kind) {
    case 'array':
      return `array<${typeName(f.element)}>`;
    case 'map':
      return `map<${typeName(f.value)}>`;
    default:
      return f.kind;
  }
}

function describeField(name: string, f: Field): FieldDescription {
  const d: FieldDescription = { name, type: typeName(f), required: f.required, glueType: glueType(f) };
  if (f.description !== undefined) d.description = f.description;
  if (f.indicators !== undefined) d.indicators = [...f.indicators];
  if (f.kind === 'object') d.fields = Object.entries(f.fields).map(([n, sub]) => describeField(n, sub));
  if (f.kind === 'array' && f.element.kind === 'object') d.fields = Object.entries(f.element.fields).map(([n, sub]) => describeField(n, sub));
  if (f.kind === 'map' && f.value.kind === 'object') d.fields = Object.entries(f.value.fields).map(([n, sub]) => describeField(n, sub));
  return d;
}

export function describeLogType(lt: LogType): LogTypeDescription {
  return {
    name: lt.name,
    table: lt.table,
    description: lt.description,
    reference: lt.reference,
    eventTime: lt.eventTime ?? null,
    ...(lt.eventTimeFallbacks !== undefined ? { eventTimeFallbacks: [...lt.eventTimeFallbacks] } : {}),
    parser: lt.parser.kind,
    fields: Object.entries(lt.fields).map(([n, f]) => describeField(n, f)),
  };
}
