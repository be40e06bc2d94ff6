// Query results as text for the CLI: an aligned table, JSON or CSV. Values come from log data
// (attacker controlled): the table escapes control characters so a value cannot drive the terminal.
import type { QueryResult } from './types.js';

export type ResultFormat = 'table' | 'json' | 'csv';
export const RESULT_FORMATS: readonly ResultFormat[] = ['table', 'json', 'csv'];

/** Widest cell of the table before it is cut with an ellipsis. */
const MAX_CELL = 80;

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

// C0, DEL and C1 controls (ESC starts terminal sequences; CR/LF would break the rows).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const escapeControls = (s: string): string => s.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function cell(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  const s = escapeControls(text(v));
  return s.length > MAX_CELL ? `${s.slice(0, MAX_CELL - 1)}…` : s;
}

export function formatTable(r: QueryResult): string {
  const head = r.columns.map((c) => c.name);
  const rows = r.rows.map((row) => head.map((h) => cell(row[h])));
  const widths = head.map((h, i) => Math.max(escapeControls(h).length, ...rows.map((x) => (x[i] ?? '').length)));
  const line = (xs: string[]): string => xs.map((x, i) => x.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const out = [line(head.map(escapeControls)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  const note = r.truncated ? ` (more rows not shown: raise --max-rows)` : '';
  out.push(`${r.rows.length} row(s)${note} in ${(r.stats.elapsedMs / 1000).toFixed(2)} s`);
  return `${out.join('\n')}\n`;
}

export function formatJson(r: QueryResult): string {
  return `${JSON.stringify({ columns: r.columns, rows: r.rows, truncated: r.truncated })}\n`;
}

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; NULL is empty. */
export function formatCsv(r: QueryResult): string {
  const field = (v: unknown): string => {
    const s = text(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const head = r.columns.map((c) => c.name);
  return [head.map(field).join(','), ...r.rows.map((row) => head.map((h) => field(row[h])).join(','))].map((l) => `${l}\r\n`).join('');
}

export function formatResult(r: QueryResult, format: ResultFormat): string {
  return format === 'json' ? formatJson(r) : format === 'csv' ? formatCsv(r) : formatTable(r);
}
