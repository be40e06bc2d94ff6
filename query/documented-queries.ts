// The documented queries (docs/queries.md): SQL that runs unchanged on Athena (Trino) and on the
// local DuckDB engine. Only forms both accept: `contains(array, value)`, `TIMESTAMP '...'`
// literals, integer partition columns, UNION-based views, ANSI joins and aggregates.
// Parameters are `{name}` placeholders, rendered as checked SQL literals (never pasted raw).
import { LAKE_DATABASES } from './types.js';

export type QueryParamType = 'string' | 'integer' | 'timestamp';

export interface QueryParam {
  readonly name: string;
  readonly type: QueryParamType;
  readonly description: string;
  /** A value that exists in the shipped samples, so the query returns rows in local mode. */
  readonly example: string;
}

export interface DocumentedQuery {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** The SQL with `{param}` placeholders. */
  readonly sql: string;
  readonly params: readonly QueryParam[];
}

const L = LAKE_DATABASES.logs;
const V = LAKE_DATABASES.views;

export const DOCUMENTED_QUERIES: readonly DocumentedQuery[] = [
  {
    id: 'partition-hour',
    title: 'One hour of CloudTrail, by partition',
    description:
      'Filters on the year/month/day/hour partition columns (integers), so only that hour\'s files are read: on Athena the scan (and the bill) covers one partition.',
    sql: `SELECT p_event_time, eventname, sourceipaddress, useridentity.arn AS actor
FROM ${L}.aws_cloudtrail
WHERE year = {year} AND month = {month} AND day = {day} AND hour = {hour}
ORDER BY p_event_time, p_row_id`,
    params: [
      { name: 'year', type: 'integer', description: 'UTC year of p_event_time', example: '2023' },
      { name: 'month', type: 'integer', description: 'UTC month (1-12)', example: '7' },
      { name: 'day', type: 'integer', description: 'UTC day of month', example: '19' },
      { name: 'hour', type: 'integer', description: 'UTC hour (0-23)', example: '21' },
    ],
  },
  {
    id: 'event-time-range',
    title: 'Events of every log type in a time range',
    description:
      'A range on p_event_time (UTC) across all_logs. The partition filter on year keeps Athena from listing every partition; keep it in line with the range.',
    sql: `SELECT p_log_type, count(*) AS events, min(p_event_time) AS first_seen, max(p_event_time) AS last_seen
FROM ${V}.all_logs
WHERE year = {year}
  AND p_event_time >= {from} AND p_event_time < {to}
GROUP BY p_log_type
ORDER BY p_log_type`,
    params: [
      { name: 'year', type: 'integer', description: 'UTC year of the range (partition pruning)', example: '2023' },
      { name: 'from', type: 'timestamp', description: 'start, inclusive (UTC, YYYY-MM-DD HH:MM:SS)', example: '2023-07-20 00:00:00' },
      { name: 'to', type: 'timestamp', description: 'end, exclusive (UTC)', example: '2023-07-21 00:00:00' },
    ],
  },
  {
    id: 'indicator-ip',
    title: 'Everything that mentions an IP address',
    description: 'Searches the p_any_ip_addresses indicator of every log type at once; the same form works for every p_any_* field (domains, hashes, ARNs, emails...).',
    sql: `SELECT p_log_type, p_event_time, p_row_id, p_source_label
FROM ${V}.all_logs
WHERE contains(p_any_ip_addresses, {ip})
ORDER BY p_event_time, p_log_type, p_row_id`,
    params: [{ name: 'ip', type: 'string', description: 'the IP address, as written in the indicator (lowercase for IPv6)', example: '203.0.113.10' }],
  },
  {
    id: 'cloudtrail-ips-in-vpc-flows',
    title: 'CloudTrail source IPs seen in VPC flow logs',
    description:
      'A join across log types: API callers whose address also sent traffic recorded by VPC flow logs, with the count of each. Each side is counted before the join, so a busy address does not multiply its rows (api calls x flows).',
    sql: `SELECT ct.ip, ct.api_calls, f.flows
FROM (SELECT sourceipaddress AS ip, count(*) AS api_calls FROM ${L}.aws_cloudtrail GROUP BY sourceipaddress) ct
JOIN (SELECT srcaddr AS ip, count(*) AS flows FROM ${L}.aws_vpcflow GROUP BY srcaddr) f ON f.ip = ct.ip
ORDER BY ct.ip`,
    params: [],
  },
  {
    id: 'events-per-log-type',
    title: 'Event counts per log type',
    description: 'How much of each log type the lake holds, and the time span it covers.',
    sql: `SELECT p_log_type, count(*) AS events, min(p_event_time) AS first_seen, max(p_event_time) AS last_seen
FROM ${V}.all_logs
GROUP BY p_log_type
ORDER BY events DESC, p_log_type`,
    params: [],
  },
  {
    id: 'alert-matches',
    title: 'The events of an alert',
    description: 'The rule matches that make up an alert (p_alert_id links each match row to its alert), with the event fields every log type shares.',
    sql: `SELECT p_rule_id, p_log_type, p_event_time, p_row_id, p_rule_severity, p_rule_title
FROM ${V}.all_rule_matches
WHERE p_alert_id = {alert_id}
ORDER BY p_event_time, p_row_id`,
    params: [{ name: 'alert_id', type: 'string', description: 'the alert id (npx panther alerts --json shows them)', example: '00000000000000000000000000000000' }],
  },
  {
    id: 'rule-errors',
    title: 'Rule errors by rule',
    description: 'Which rules failed on which log types, how often, and one of the messages.',
    sql: `SELECT p_rule_id, p_log_type, count(*) AS errors, min(p_rule_error) AS example_error
FROM ${V}.all_rule_errors
GROUP BY p_rule_id, p_log_type
ORDER BY errors DESC, p_rule_id, p_log_type`,
    params: [],
  },
];

const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;

/** A parameter value as a SQL literal; values are checked against their type, strings quoted. */
export function sqlLiteral(type: QueryParamType, value: string): string {
  switch (type) {
    case 'integer':
      if (!/^-?\d{1,12}$/.test(value)) throw new Error(`not an integer: "${value}"`);
      return String(Number(value));
    case 'timestamp': {
      const v = value.replace('T', ' ').replace(/Z$/, '');
      if (!TIMESTAMP_TEXT.test(v)) throw new Error(`not a timestamp (YYYY-MM-DD HH:MM:SS): "${value}"`);
      return `TIMESTAMP '${v}'`;
    }
    case 'string':
      return `'${value.replace(/'/g, "''")}'`;
  }
}

/** The query's SQL with every placeholder replaced (the examples where a value is not given). */
export function renderQuery(q: DocumentedQuery, values: Readonly<Record<string, string>> = {}): string {
  for (const k of Object.keys(values)) if (!q.params.some((p) => p.name === k)) throw new Error(`${q.id}: no parameter "${k}"`);
  return q.sql.replace(/\{([a-z_]+)\}/g, (_, name: string) => {
    const p = q.params.find((x) => x.name === name);
    if (p === undefined) throw new Error(`${q.id}: placeholder {${name}} has no parameter`);
    try {
      return sqlLiteral(p.type, values[name] ?? p.example);
    } catch (err) {
      throw new Error(`${q.id}: parameter ${name}: ${(err as Error).message}`);
    }
  });
}

export function documentedQuery(id: string): DocumentedQuery {
  const q = DOCUMENTED_QUERIES.find((x) => x.id === id);
  if (q === undefined) throw new Error(`no documented query "${id}" (known: ${DOCUMENTED_QUERIES.map((x) => x.id).join(', ')})`);
  return q;
}
