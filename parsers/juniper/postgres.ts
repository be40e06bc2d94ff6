import { int, string } from '../core/fields.js';
import { defineLogType, type ParseResult } from '../core/logtype.js';
import { REFERENCE_BASE, commonFields, parseHead } from './common.js';

// postgres[PID]: [MAJOR-MINOR] SQLSTATE SESSION TYPE: message (the docs show a space before ":").
const BODY = /^postgres\[(\d{1,10})\] ?: \[(\d{1,10})-(\d{1,10})\] (\S+) (\S+) ([A-Z]+): *(.*)$/;

/** Parses `Mmm dd hh:mm:ss host postgres[pid]: [group] sql_error_code session_id message_type: message`. */
export function parsePostgres(line: string, nowMs: number): ParseResult {
  const head = parseHead(line, nowMs);
  if (typeof head === 'string') return { ok: false, reason: head };
  if (!head.rest.startsWith('postgres[')) return { ok: false, reason: 'not a "postgres[pid]:" line' };
  const m = BODY.exec(head.rest);
  if (m === null) return { ok: false, reason: 'expected "postgres[pid]: [major-minor] sql_error_code session_id TYPE: message"' };
  const [, pid, major, minor, code, session, type, message] = m as unknown as [string, string, string, string, string, string, string, string];
  const event: Record<string, unknown> = {
    timestamp: head.timestamp,
    hostname: head.hostname,
    pid: Number(pid),
    group_id_major: Number(major),
    group_id_minor: Number(minor),
    sql_error_code: code,
    session_id: session,
    message_type: type,
  };
  if (message !== '') event.message = message;
  return { ok: true, event };
}

export const Postgres = defineLogType({
  name: 'Juniper.Postgres',
  description: "Juniper WebApp Secure postgres.log: schema changes of the appliance's database and errors of its operations.",
  reference: `${REFERENCE_BASE}w-a-s-postgres-log.html`,
  fields: {
    ...commonFields,
    pid: int({ description: 'The process ID of the postgres instance.' }),
    group_id_major: int({ description: 'Group id major number: the lines of one log output share it (and the time).' }),
    group_id_minor: int({ description: 'Group id minor number: the line number within its group.' }),
    sql_error_code: string({ description: 'The SQL error code (SQLSTATE), e.g. 42701.' }),
    session_id: string({ description: 'A somewhat unique session identifier that can be used to search for specific lines in the log.' }),
    message_type: string({ description: 'The type of the message: LOG, WARNING, ERROR, STATEMENT...' }),
    message: string({ description: 'The message.' }),
  },
  eventTime: 'timestamp',
  parser: { kind: 'text', create: () => (line) => parsePostgres(line, Date.now()) },
});
