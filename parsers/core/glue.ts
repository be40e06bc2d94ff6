// Glue/Athena column types derived from the declarations: the infrastructure creates one
// table per log type from these, so nothing re-lists a log type's fields by hand.
import type { Field, Fields } from './fields.js';
import { INDICATOR_FIELDS } from './indicators.js';
import type { LogType } from './logtype.js';

export interface GlueColumn {
  readonly name: string;
  readonly type: string;
  readonly comment: string;
}

/** Hive DDL names: struct members with characters Hive rejects are backquoted. */
function member(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name.replace(/`/g, '``')}\``;
}

export function glueType(field: Field): string {
  switch (field.kind) {
    case 'string':
    case 'json': // kept as its JSON text; json_extract() reads into it
      return 'string';
    case 'int':
      return 'int';
    case 'bigint':
      return 'bigint';
    case 'float':
      return 'double';
    case 'boolean':
      return 'boolean';
    case 'timestamp':
      return 'timestamp';
    case 'object':
      return `struct<${Object.entries(field.fields)
        .map(([n, f]) => `${member(n)}:${glueType(f)}`)
        .join(',')}>`;
    case 'array':
      return `array<${glueType(field.element)}>`;
    case 'map':
      return `map<string,${glueType(field.value)}>`;
  }
}

export const STANDARD_COLUMNS: readonly GlueColumn[] = [
  { name: 'p_log_type', type: 'string', comment: 'Panther added field with type of log' },
  { name: 'p_row_id', type: 'string', comment: 'Panther added field with unique id (within table)' },
  { name: 'p_event_time', type: 'timestamp', comment: 'Panther added standardized event time (UTC)' },
  { name: 'p_parse_time', type: 'timestamp', comment: 'Panther added standardized log parse time (UTC)' },
  { name: 'p_source_id', type: 'string', comment: 'Panther added field with the source id' },
  { name: 'p_source_label', type: 'string', comment: 'Panther added field with the source label' },
  ...Object.values(INDICATOR_FIELDS).map((name) => ({ name, type: 'array<string>', comment: `Panther added field with collection of ${name.slice(6).replace(/_/g, ' ')}` })),
];

/** The columns of a log type's table: its declared top-level fields, then the standard fields. */
export function glueColumns(logType: LogType): GlueColumn[] {
  return [...fieldColumns(logType.fields), ...STANDARD_COLUMNS];
}

function fieldColumns(fields: Fields): GlueColumn[] {
  return Object.entries(fields).map(([name, f]) => ({ name, type: glueType(f), comment: f.description ?? '' }));
}
