// The log processor's domain: one source object in, partitioned events and unclassified
// lines out. The same code runs in the Lambda, the CLI, local mode and the tests.
import { isUtf8 } from 'node:buffer';
import type { ObjectStore } from '../adapters/object-store.js';
import { Classifier } from '../parsers/classifier.js';
import type { LogType, SourceInfo } from '../parsers/core/logtype.js';
import { formatEpochMs } from '../parsers/core/time.js';
import { partitionKey, UNCLASSIFIED_TABLE } from './keys.js';
import { PartitionWriter } from './partition-writer.js';
import { readUnits, type Unit } from './reader.js';

export interface ProcessOptions {
  /** The log types this source may hold; the classifier tries only these. */
  readonly logTypes: readonly LogType[];
  readonly source: SourceInfo;
  /** Where the object came from, for unclassified records and messages. */
  readonly objectKey: string;
  /** Stable per object version (keys.objectId): makes output keys and row ids deterministic. */
  readonly objectId: string;
  /** The object's last-modified time: names the output files. */
  readonly objectTime: Date;
  /** The lake. */
  readonly lake: ObjectStore;
  readonly gzipLevel?: number;
  /** Called after each input chunk with the stats so far (throttle it on the receiving side). */
  readonly onProgress?: (stats: ProcessStats) => void;
  /** Fixed parse time (tests); defaults to now. */
  readonly parseTime?: string;
}

export interface ProcessStats {
  /** Non-empty lines (or CloudTrail records) read. lines = Σ classified + unclassified + headers. */
  lines: number;
  classified: Record<string, number>;
  unclassified: number;
  /** Format header lines (VPC flow custom formats) that configure a parser and hold no event. */
  headers: number;
  bytesIn: number;
  bytesOut: number;
  seconds: number;
  warnings: string[];
  keys: string[];
  /** ISO 8601 UTC: the newest p_event_time among the classified events (none: absent). */
  lastEventTime?: string;
}

export function emptyStats(): ProcessStats {
  return { lines: 0, classified: {}, unclassified: 0, headers: 0, bytesIn: 0, bytesOut: 0, seconds: 0, warnings: [], keys: [] };
}

/** Adds b into a (for runs over many objects). */
export function addStats(a: ProcessStats, b: ProcessStats): void {
  a.lines += b.lines;
  for (const [k, v] of Object.entries(b.classified)) a.classified[k] = (a.classified[k] ?? 0) + v;
  a.unclassified += b.unclassified;
  a.headers += b.headers;
  a.bytesIn += b.bytesIn;
  a.bytesOut += b.bytesOut;
  a.warnings.push(...b.warnings);
  a.keys.push(...b.keys);
  if (b.lastEventTime !== undefined && (a.lastEventTime === undefined || b.lastEventTime > a.lastEventTime)) a.lastEventTime = b.lastEventTime;
}

/** A p_event_time ("YYYY-MM-DD HH:MM:SS.fffffffff", UTC) as ISO 8601 with milliseconds. */
export function eventTimeIso(pEventTime: string): string {
  return `${pEventTime.slice(0, 10)}T${pEventTime.slice(11, 23)}Z`;
}

export async function processObject(body: AsyncIterable<Uint8Array>, opts: ProcessOptions): Promise<ProcessStats> {
  const started = process.hrtime.bigint();
  const parseTime = opts.parseTime ?? (formatEpochMs(Date.now()) as string);
  const classifier = new Classifier(opts.logTypes, { source: opts.source, rowIdPrefix: opts.objectId, parseTime });
  const writer = new PartitionWriter(opts.lake, opts.gzipLevel);
  const stats = emptyStats();
  const keyCache = new Map<string, string>();
  // p_event_time strings sort as times (fixed layout), so the newest is a string maximum.
  let newestEvent: string | undefined;
  const keyFor = (table: string, ts: string): string => {
    const cacheKey = table + ts.slice(0, 13);
    let k = keyCache.get(cacheKey);
    if (k === undefined) keyCache.set(cacheKey, (k = partitionKey(table, ts, opts.objectTime, opts.objectId)));
    return k;
  };

  const onUnit = (unit: Unit): void => {
    stats.lines++;
    const text = unit.bytes.toString('utf8');
    const c = classifier.classify(text);
    if (c.kind === 'event') {
      const name = c.logType.name;
      stats.classified[name] = (stats.classified[name] ?? 0) + 1;
      if (newestEvent === undefined || c.event.p_event_time > newestEvent) newestEvent = c.event.p_event_time;
      writer.write(keyFor(c.logType.table, c.event.p_event_time), JSON.stringify(c.event));
    } else if (c.kind === 'header') {
      stats.headers++;
    } else {
      stats.unclassified++;
      const record: Record<string, unknown> = {
        raw: text,
        reasons: c.reasons,
        object_key: opts.objectKey,
        line_number: stats.lines,
        p_log_type: UNCLASSIFIED_TABLE,
        p_row_id: classifier.nextRowId(),
        p_event_time: parseTime,
        p_parse_time: parseTime,
        p_source_id: opts.source.sourceId,
        p_source_label: opts.source.sourceLabel,
      };
      // Invalid UTF-8 cannot round-trip through a string: keep the exact bytes too.
      if (!isUtf8(unit.bytes)) record.raw_base64 = unit.bytes.toString('base64');
      if (unit.damage !== undefined) record.damage = unit.damage;
      writer.write(keyFor(UNCLASSIFIED_TABLE, parseTime), JSON.stringify(record));
    }
  };

  try {
    const read = { bytesIn: 0, warnings: [] as string[] };
    await readUnits(
      body,
      onUnit,
      () => {
        stats.bytesIn = read.bytesIn;
        opts.onProgress?.(stats);
        return writer.backpressure();
      },
      read,
    );
    stats.bytesIn = read.bytesIn;
    stats.warnings.push(...read.warnings.map((w) => `${opts.objectKey}: ${w}`));
    const closed = await writer.close();
    stats.bytesOut = closed.bytesOut;
    stats.keys = closed.keys;
    if (newestEvent !== undefined) stats.lastEventTime = eventTimeIso(newestEvent);
  } catch (err) {
    await writer.abort(err as Error);
    throw err;
  }
  stats.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return stats;
}
