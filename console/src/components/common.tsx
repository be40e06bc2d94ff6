// Small building blocks shared by the pages. All values render as React text.
import type { ReactNode } from 'react';
import { ApiError } from '../api/client.js';
import { cellText, safeHttpUrl } from '../format.js';

export function ErrorBox({ error }: { error: unknown }): ReactNode {
  if (error === undefined || error === null) return null;
  if (error instanceof ApiError) {
    return (
      <div className="error" role="alert">
        <strong>{error.problem.title}</strong>
        {error.problem.detail !== undefined && error.problem.detail !== error.problem.title ? <span> — {error.problem.detail}</span> : null}
        {error.problem.errors !== undefined && error.problem.errors.length > 0 ? (
          <ul>
            {error.problem.errors.map((e, i) => (
              <li key={i}>
                <code>{e.path}</code>: {e.message}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    );
  }
  return (
    <div className="error" role="alert">
      {error instanceof Error ? error.message : String(error)}
    </div>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }): ReactNode {
  return <p className="muted">{what}…</p>;
}

export function SeverityBadge({ severity }: { severity: string | undefined }): ReactNode {
  if (severity === undefined) return null;
  return <span className={`badge sev-${severity.toLowerCase().replace(/[^a-z]/g, '')}`}>{severity}</span>;
}

export function StatusBadge({ status }: { status: string }): ReactNode {
  return <span className={`badge status-${status.toLowerCase().replace(/[^a-z]/g, '')}`}>{status}</span>;
}

/** A link only when the value is an absolute http(s) URL; otherwise its text. */
export function SafeLink({ url, children }: { url: unknown; children?: ReactNode }): ReactNode {
  const href = safeHttpUrl(url);
  if (href === undefined) return <span>{cellText(url)}</span>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children ?? href}
    </a>
  );
}

export interface Column<T> {
  key: string;
  title: string;
  render?: (row: T) => ReactNode;
  className?: string;
}

export interface TableProps<T> {
  columns: Array<Column<T>>;
  rows: readonly T[];
  rowKey: (row: T, i: number) => string;
  empty?: string;
  testId?: string;
}

export function Table<T>({ columns, rows, rowKey, empty = 'Nothing here yet.', testId }: TableProps<T>): ReactNode {
  if (rows.length === 0) return <p className="muted">{empty}</p>;
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} className={c.className}>
                {c.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={rowKey(r, i)}>
              {columns.map((c) => (
                <td key={c.key} className={c.className}>
                  {c.render ? c.render(r) : cellText((r as Record<string, unknown>)[c.key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Rows of a query result with the engine's columns; every cell is text. */
export function ResultTable({ columns, rows, testId }: { columns: ReadonlyArray<{ name: string; type?: string }>; rows: ReadonlyArray<Record<string, unknown>>; testId?: string }): ReactNode {
  if (rows.length === 0) return <p className="muted">No rows.</p>;
  return (
    <div className="table-wrap">
      <table className="results" data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.name} title={c.type}>
                {c.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c.name}>{cellText(r[c.name])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Cursor pagination: the cursors of the pages before the current one are kept to go back. */
export function Pager({ hasPrev, next, onPrev, onNext }: { hasPrev: boolean; next: string | undefined; onPrev: () => void; onNext: (cursor: string) => void }): ReactNode {
  if (!hasPrev && next === undefined) return null;
  return (
    <div className="pager">
      <button type="button" disabled={!hasPrev} onClick={onPrev}>
        ← Previous
      </button>
      <button type="button" disabled={next === undefined} onClick={() => next !== undefined && onNext(next)}>
        Next →
      </button>
    </div>
  );
}

export function Fields({ items }: { items: Array<[string, ReactNode]> }): ReactNode {
  return (
    <dl className="fields">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Tabs<K extends string>({ tabs, active, hrefOf }: { tabs: ReadonlyArray<[K, string]>; active: K; hrefOf: (k: K) => string }): ReactNode {
  return (
    <nav className="tabs">
      {tabs.map(([k, label]) => (
        <a key={k} href={hrefOf(k)} className={k === active ? 'active' : undefined} aria-current={k === active ? 'page' : undefined}>
          {label}
        </a>
      ))}
    </nav>
  );
}
