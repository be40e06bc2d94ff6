// One measured phase, run in its own process so its peak RSS is its own.
// Usage: phase.ts <ct-floor|ct-processor|ct-processor-all|vpc-floor|vpc-processor|mixed-20|mixed-all> FILE
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGunzip, createGzip } from 'node:zlib';
import { DirObjectStore } from '../adapters/local/dir-object-store.js';
import { CloudTrail, VPCFlow } from '../parsers/aws/index.js';
import type { LogType } from '../parsers/core/logtype.js';
import { builtinLogTypes } from '../parsers/registry.js';
import { processObject } from '../processing/process-object.js';
import { Readable } from 'node:stream';
import { mixedInput } from './mixed.js';

const [phase, file] = process.argv.slice(2);
if (phase === undefined || file === undefined) throw new Error('usage: phase.ts PHASE FILE');

/** Compresses text to nowhere, counting bytes: the floor's output side. */
function sink(): { write(s: string): Promise<void>; end(): Promise<number> } {
  const gz = createGzip({ level: 6 });
  let out = 0;
  gz.on('data', (c: Buffer) => (out += c.length));
  return {
    write: (s) => (gz.write(s) ? Promise.resolve() : new Promise((r) => gz.once('drain', r))),
    end: () => new Promise((r) => gz.end(() => r(out))),
  };
}

async function ctFloor(): Promise<number> {
  // gunzip -> JSON.parse -> JSON.stringify -> gzip, nothing else.
  const parts: Buffer[] = [];
  for await (const c of createReadStream(file as string).pipe(createGunzip())) parts.push(c as Buffer);
  const records = (JSON.parse(Buffer.concat(parts).toString('utf8')) as { Records: unknown[] }).Records;
  parts.length = 0;
  const out = sink();
  let batch: string[] = [];
  for (const r of records) {
    batch.push(JSON.stringify(r));
    if (batch.length === 1000) {
      await out.write(`${batch.join('\n')}\n`);
      batch = [];
    }
  }
  await out.write(`${batch.join('\n')}\n`);
  await out.end();
  return records.length;
}

const V2 = ['version', 'account', 'interfaceId', 'srcAddr', 'dstAddr', 'srcPort', 'dstPort', 'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'status'];
const NUMERIC = new Set([0, 5, 6, 7, 8, 9, 10, 11]);

async function vpcFloor(): Promise<number> {
  // read -> split lines -> split fields into an object (numbers as numbers) -> JSON.stringify -> gzip.
  const out = sink();
  let lines = 0;
  let rest = '';
  for await (const c of createReadStream(file as string, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const ls = (rest + (c as string)).split('\n');
    rest = ls.pop() ?? '';
    const batch: string[] = [];
    for (const line of ls) {
      const tokens = line.split(' ');
      const o: Record<string, string | number> = {};
      for (let i = 0; i < tokens.length && i < V2.length; i++) o[V2[i] as string] = NUMERIC.has(i) ? Number(tokens[i]) : (tokens[i] as string);
      batch.push(JSON.stringify(o));
    }
    lines += ls.length;
    await out.write(`${batch.join('\n')}\n`);
  }
  await out.end();
  return lines;
}

async function mixed(all: boolean): Promise<number> {
  // The same shuffled lines of 20 log types, classified among those 20 or among every type.
  const { types, text } = mixedInput(Number(process.env.BENCH_MIXED_LINES ?? 200_000));
  const dir = mkdtempSync(join(tmpdir(), 'panther-bench-'));
  try {
    const bytes = Buffer.from(text);
    // 1 MiB chunks, as a file or S3 stream would deliver them (back-pressure applies between chunks).
    const chunks = Array.from({ length: Math.ceil(bytes.length / (1 << 20)) }, (_, i) => bytes.subarray(i << 20, (i + 1) << 20));
    const stats = await processObject(Readable.from(chunks), {
      logTypes: all ? builtinLogTypes : types,
      source: { sourceId: 'bench', sourceLabel: 'bench' },
      objectKey: 'mixed',
      objectId: '0123456789abcdef',
      objectTime: new Date(0),
      lake: new DirObjectStore(dir),
    });
    if (stats.unclassified > 0) throw new Error(`${stats.unclassified} mixed lines unclassified`);
    return stats.lines;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function processor(logTypes: readonly LogType[]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'panther-bench-'));
  try {
    const stats = await processObject(createReadStream(file as string, { highWaterMark: 1 << 20 }), {
      logTypes,
      source: { sourceId: 'bench', sourceLabel: 'bench' },
      objectKey: file as string,
      objectId: '0123456789abcdef',
      objectTime: new Date(0),
      lake: new DirObjectStore(dir),
      ...(process.env.BENCH_GZIP_LEVEL !== undefined ? { gzipLevel: Number(process.env.BENCH_GZIP_LEVEL) } : {}),
    });
    if (stats.unclassified > 0) throw new Error(`${stats.unclassified} lines unclassified: the benchmark data is wrong`);
    return stats.lines - stats.headers;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const started = process.hrtime.bigint();
const units = await (async () => {
  switch (phase) {
    case 'ct-floor':
      return ctFloor();
    case 'ct-processor':
      return processor([CloudTrail]);
    case 'ct-processor-all':
      return processor(builtinLogTypes);
    case 'vpc-floor':
      return vpcFloor();
    case 'vpc-processor':
      return processor([VPCFlow]);
    case 'mixed-20':
      return mixed(false);
    case 'mixed-all':
      return mixed(true);
    default:
      throw new Error(`unknown phase ${phase}`);
  }
})();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(`${JSON.stringify({ phase, units, seconds, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
