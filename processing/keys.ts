// The lake's key layout (architecture doc): one gzip JSON-lines file per table, hour and
// source object, named so that reprocessing the same object version replaces its files.
import { createHash } from 'node:crypto';
import { STANDARD_COLUMNS, type GlueColumn } from '../parsers/core/glue.js';
import { partitionOf } from '../parsers/core/time.js';

export const UNCLASSIFIED_TABLE = 'unclassified';

/**
 * The columns of an unclassified record (process-object.ts writes them) as the lake's table
 * holds them: the line itself, why no log type took it, and where it came from.
 */
export const UNCLASSIFIED_COLUMNS: readonly GlueColumn[] = [
  { name: 'raw', type: 'string', comment: 'The line (or record) as read, decoded as UTF-8' },
  { name: 'raw_base64', type: 'string', comment: 'The exact bytes, when they are not valid UTF-8' },
  { name: 'reasons', type: 'array<struct<logtype:string,reason:string>>', comment: 'Why each candidate log type rejected it' },
  { name: 'object_key', type: 'string', comment: 'The source object' },
  { name: 'line_number', type: 'bigint', comment: 'Its line (or record) number in the object' },
  { name: 'damage', type: 'string', comment: 'Damage in the source bytes that cut this line, if any' },
  // The standard fields an unclassified record carries (no indicators: nothing was parsed).
  ...STANDARD_COLUMNS.filter((c) => !c.name.startsWith('p_any_')),
];

/** A stable id for one version of a source object: the same notification twice gives the same id. */
export function objectId(location: string, key: string, version: string | undefined): string {
  return createHash('sha256').update(`${location}\n${key}\n${version ?? ''}`).digest('hex').slice(0, 16);
}

/** YYYYMMDDTHHMMSSZ */
export function compactTime(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** `logs/<table>/year=YYYY/month=MM/day=DD/hour=HH/<YYYYMMDDTHHMMSSZ>-<id>.json.gz` for a normalized timestamp. */
export function partitionKey(table: string, timestamp: string, objectTime: Date, id: string): string {
  const [y, m, d, h] = partitionOf(timestamp);
  return `logs/${table}/year=${y}/month=${m}/day=${d}/hour=${h}/${compactTime(objectTime)}-${id}.json.gz`;
}
