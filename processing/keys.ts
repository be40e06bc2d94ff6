// The lake's key layout (architecture doc): one gzip JSON-lines file per table, hour and
// source object, named so that reprocessing the same object version replaces its files.
import { createHash } from 'node:crypto';
import { partitionOf } from '../parsers/core/time.js';

export const UNCLASSIFIED_TABLE = 'unclassified';

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
