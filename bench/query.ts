// Query benchmark: each documented query (query/documented-queries.ts) on the local DuckDB engine
// over a lake of BENCH_QUERY_EVENTS normalized events (default 1,000,000: CloudTrail and VPC flow),
// against a floor measured in the same run on the same files: `count(*)` over every log file read
// as JSON (what any query must at least do). Figures are medians of BENCH_QUERY_RUNS runs (3).
// The lake is written directly in the processor's layout (logs/<table>/year=/month=/day=/hour=/
// *.json.gz, the processor's field layout) into a temporary directory, removed afterwards.
// `node bin/run-ts.js bench/query.ts` runs this phase alone; BENCH_QUERY_EVENTS=20000 for a quick run.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { builtinLogTypes } from '../parsers/registry.js';
import { DOCUMENTED_QUERIES, renderQuery } from '../query/documented-queries.js';
import { DuckDbQueryEngine } from '../query/duckdb-engine.js';

const EVENTS = Number(process.env.BENCH_QUERY_EVENTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_QUERY_RUNS ?? 3);
/** Partition hours the events spread over: 2024-05-06 00:00 to 2024-05-07 23:00 UTC. */
const HOURS = 48;
/** Events per lake file at most (the processor writes one file per hour and source object). */
const PER_FILE = 25_000;

/** Deterministic PRNG, so every run queries the same lake. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EMPTY_INDICATORS = {
  p_any_domain_names: [],
  p_any_md5_hashes: [],
  p_any_sha1_hashes: [],
  p_any_sha256_hashes: [],
  p_any_trace_ids: [],
  p_any_aws_instance_ids: [],
  p_any_aws_tags: [],
  p_any_emails: [],
};
const NAMES = ['DescribeInstances', 'GetObject', 'AssumeRole', 'ConsoleLogin', 'CreateUser', 'PutObject', 'ListBuckets', 'RunInstances'];
const USERS = ['alice', 'bob', 'carol', 'deploy-bot', 'terraform'];
const ACCOUNT = '123456789012';
/** Source addresses: a small pool shared by both log types, so the join has matches; 203.0.113.10 is the indicator query's. */
const pool = (r: () => number): string => (r() < 0.001 ? '203.0.113.10' : `198.51.${Math.floor(r() * 4)}.${Math.floor(r() * 250)}`);
const two = (n: number): string => String(n).padStart(2, '0');

function timeOf(hour: number, r: () => number): { text: string; y: number; m: number; d: number; h: number } {
  const d = 6 + Math.floor(hour / 24);
  const h = hour % 24;
  return { text: `2024-05-${two(d)} ${two(h)}:${two(Math.floor(r() * 60))}:${two(Math.floor(r() * 60))}.000000000`, y: 2024, m: 5, d, h };
}

function cloudTrail(r: () => number, time: string, row: string): string {
  const user = USERS[Math.floor(r() * USERS.length)] as string;
  const ip = pool(r);
  return JSON.stringify({
    eventVersion: '1.09',
    userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::${ACCOUNT}:user/${user}`, accountId: ACCOUNT, userName: user },
    eventTime: time,
    eventSource: 'ec2.amazonaws.com',
    eventName: NAMES[Math.floor(r() * NAMES.length)],
    awsRegion: 'us-east-1',
    sourceIPAddress: ip,
    userAgent: 'aws-cli/2.15.30',
    requestParameters: { instancesSet: { items: [{ instanceId: 'i-0123456789abcdef0' }] } },
    responseElements: null,
    requestID: row,
    eventID: row,
    readOnly: r() < 0.7,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    p_log_type: 'AWS.CloudTrail',
    p_row_id: row,
    p_event_time: time,
    p_parse_time: time,
    p_source_id: 'bench',
    p_source_label: 'bench',
    p_any_ip_addresses: [ip],
    p_any_aws_account_ids: [ACCOUNT],
    p_any_aws_arns: [`arn:aws:iam::${ACCOUNT}:user/${user}`],
    p_any_usernames: [user],
    ...EMPTY_INDICATORS,
  });
}

function vpcFlow(r: () => number, time: string, row: string): string {
  const src = pool(r);
  const dst = `10.0.${Math.floor(r() * 4)}.${Math.floor(r() * 250)}`;
  return JSON.stringify({
    version: 2,
    account: ACCOUNT,
    interfaceId: 'eni-0a1b2c3d4e5f60718',
    srcAddr: src,
    dstAddr: dst,
    srcPort: 1024 + Math.floor(r() * 60000),
    dstPort: [22, 443, 80, 3389][Math.floor(r() * 4)],
    protocol: 6,
    packets: 1 + Math.floor(r() * 100),
    bytes: 60 + Math.floor(r() * 100000),
    start: time,
    end: time,
    action: r() < 0.8 ? 'ACCEPT' : 'REJECT',
    status: 'OK',
    p_log_type: 'AWS.VPCFlow',
    p_row_id: row,
    p_event_time: time,
    p_parse_time: time,
    p_source_id: 'bench',
    p_source_label: 'bench',
    p_any_ip_addresses: [dst, src].sort(),
    p_any_aws_account_ids: [ACCOUNT],
    p_any_aws_arns: [],
    p_any_usernames: [],
    ...EMPTY_INDICATORS,
  });
}

/** Writes `events` events (30% CloudTrail, 70% VPC flow) spread over HOURS partitions; returns files and gzip bytes. */
export function writeBenchLake(dir: string, events: number): { files: number; bytes: number } {
  const r = rng(42);
  let files = 0;
  let bytes = 0;
  const tables = [
    { table: 'aws_cloudtrail', share: 0.3, make: cloudTrail },
    { table: 'aws_vpcflow', share: 0.7, make: vpcFlow },
  ];
  for (const { table, share, make } of tables) {
    const total = Math.round(events * share);
    for (let hour = 0; hour < HOURS; hour++) {
      // Events of this hour: an even split, the remainder in the last hour.
      const n = hour === HOURS - 1 ? total - Math.floor(total / HOURS) * (HOURS - 1) : Math.floor(total / HOURS);
      for (let start = 0; start < n; start += PER_FILE) {
        const lines: string[] = [];
        let when = timeOf(hour, r);
        for (let i = start; i < Math.min(n, start + PER_FILE); i++) {
          when = timeOf(hour, r);
          lines.push(make(r, when.text, `${table}-${hour}-${i}`));
        }
        const part = join(dir, 'logs', table, `year=${when.y}`, `month=${two(when.m)}`, `day=${two(when.d)}`, `hour=${two(when.h)}`);
        mkdirSync(part, { recursive: true });
        const body = gzipSync(`${lines.join('\n')}\n`, { level: 1 });
        writeFileSync(join(part, `20240508T000000Z-${table}-${start}.json.gz`), body);
        files++;
        bytes += body.length;
      }
    }
  }
  return { files, bytes };
}

/** Values of the documented queries' parameters found in the bench lake. */
const PARAMS: Readonly<Record<string, Record<string, string>>> = {
  'partition-hour': { year: '2024', month: '5', day: '6', hour: '7' },
  'event-time-range': { year: '2024', from: '2024-05-06 06:00:00', to: '2024-05-06 18:00:00' },
  'indicator-ip': { ip: '203.0.113.10' },
};

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

async function timeQuery(engine: DuckDbQueryEngine, sql: string): Promise<{ seconds: number; rows: number }> {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = await engine.run(sql, { maxRows: 100_000 });
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    rows = r.rows.length;
  }
  return { seconds: median(times), rows };
}

export async function benchQuery(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'panther-bench-lake-'));
  try {
    process.stderr.write(`writing a lake of ${EVENTS.toLocaleString('en-US')} events...\n`);
    const t0 = process.hrtime.bigint();
    const lake = writeBenchLake(dir, EVENTS);
    process.stderr.write(`  ${lake.files} files, ${(lake.bytes / 1048576).toFixed(1)} MiB gzip, in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s\n`);
    const t1 = process.hrtime.bigint();
    const engine = await DuckDbQueryEngine.open({ lakeDir: dir, logTypes: builtinLogTypes });
    const openSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
    try {
      // The floor: every log file read once, one column, no view in between.
      const floorSql = `SELECT count(*) AS n FROM read_json('${join(dir, 'logs', '**', '*.json.gz').replace(/'/g, "''")}', format = 'newline_delimited', columns = {'p_row_id': 'VARCHAR'})`;
      const floor = await timeQuery(engine, floorSql);
      const results: Array<{ id: string; seconds: number; rows: number }> = [];
      for (const q of DOCUMENTED_QUERIES) {
        const r = await timeQuery(engine, renderQuery(q, PARAMS[q.id] ?? {}));
        process.stderr.write(`  ${q.id.padEnd(28)} ${r.seconds.toFixed(3)} s, ${r.rows} row(s)\n`);
        results.push({ id: q.id, ...r });
      }
      const width = Math.max(...results.map((r) => r.id.length));
      console.log(`\nQuery benchmark (DuckDB, ${EVENTS.toLocaleString('en-US')} events in ${lake.files} files, ${(lake.bytes / 1048576).toFixed(1)} MiB gzip; median of ${RUNS} runs)`);
      console.log(`engine open (views of ${builtinLogTypes.length} log types x 3 databases):  ${openSeconds.toFixed(2)} s`);
      console.log(`floor: count(*) over every log file:  ${floor.seconds.toFixed(3)} s (${Math.round(EVENTS / floor.seconds).toLocaleString('en-US')} events/s)`);
      for (const r of results) console.log(`${r.id.padEnd(width)}  ${r.seconds.toFixed(3)} s  ${String(r.rows).padStart(6)} row(s)`);
      console.log('');
      for (const r of results) console.log(`ratio ${`${r.id}/floor:`.padEnd(width + 7)} ${(r.seconds / floor.seconds).toFixed(2)}`);
    } finally {
      await engine.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url) await benchQuery();
