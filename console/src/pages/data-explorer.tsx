// The Data Explorer: SQL over the lake (DuckDB locally, Athena on AWS), tables and columns on the
// side, results as a table, CSV export, saved queries.
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { SQLNamespace } from '@codemirror/lang-sql';
import { api, enc } from '../api/client.js';
import type { QueryJob, SavedQuery, TableInfo } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { useCan } from '../auth/me.js';
import { CodeEditor } from '../components/code-editor.js';
import { ErrorBox, ResultTable } from '../components/common.js';
import { downloadText } from '../download.js';
import { toCsv } from '../format.js';

const DEFAULT_SQL = 'SELECT p_log_type, count(*) AS events\nFROM panther_views.all_logs\nGROUP BY 1\nORDER BY 2 DESC';
const MAX_ROWS = 1000;
const POLL_MS = 400;

export function DataExplorerPage(): ReactNode {
  const tables = useApi<{ items: TableInfo[] }>('/api/tables');
  const saved = useApi<{ items: SavedQuery[] }>('/api/saved-queries');
  const [sqlText, setSql] = useState(DEFAULT_SQL);
  const [job, setJob] = useState<QueryJob | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [open, setOpen] = useState<string | undefined>(undefined);
  const [name, setName] = useState('');
  const [tableFilter, setTableFilter] = useState('');
  const cancelled = useRef(false);
  // Running queries is open to every role; saving and deleting saved queries needs analyst.
  const can = useCan();

  // Stop polling when the page goes away.
  useEffect(
    () => () => {
      cancelled.current = true;
    },
    [],
  );

  const schema = useMemo<SQLNamespace | undefined>(() => {
    if (!tables.data) return undefined;
    const ns: Record<string, Record<string, string[]>> = {};
    for (const t of tables.data.items) (ns[t.database] ??= {})[t.name] = t.columns.map((c) => c.name);
    return ns;
  }, [tables.data]);

  const runQuery = async (): Promise<void> => {
    setError(undefined);
    cancelled.current = false;
    try {
      let j = await api<QueryJob>('/api/queries', { method: 'POST', body: { sql: sqlText, maxRows: MAX_ROWS } });
      setJob({ ...j, sql: sqlText });
      while (j.state === 'RUNNING' && !cancelled.current) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        j = await api<QueryJob>(`/api/queries/${enc(j.id)}`);
        setJob(j);
      }
    } catch (e) {
      setError(e);
    }
  };

  const cancel = async (): Promise<void> => {
    if (job === undefined) return;
    try {
      await api(`/api/queries/${enc(job.id)}`, { method: 'DELETE' });
    } catch (e) {
      setError(e);
    }
  };

  const save = async (): Promise<void> => {
    if (name.trim() === '') return;
    setError(undefined);
    try {
      await api('/api/saved-queries', { method: 'POST', body: { name: name.trim(), sql: sqlText } });
      setName('');
      saved.reload();
    } catch (e) {
      setError(e);
    }
  };

  const removeSaved = async (q: SavedQuery): Promise<void> => {
    if (!window.confirm(`Delete the saved query "${q.name}"?`)) return;
    try {
      await api(`/api/saved-queries/${enc(q.id)}`, { method: 'DELETE' });
      saved.reload();
    } catch (e) {
      setError(e);
    }
  };

  const running = job?.state === 'RUNNING';
  const result = job?.result;
  const byDb = new Map<string, TableInfo[]>();
  const needle = tableFilter.trim().toLowerCase();
  for (const t of tables.data?.items ?? []) {
    if (needle !== '' && !t.name.toLowerCase().includes(needle) && !t.columns.some((c) => c.name.toLowerCase().includes(needle))) continue;
    byDb.set(t.database, [...(byDb.get(t.database) ?? []), t]);
  }

  return (
    <section className="explorer" data-testid="data-explorer">
      <aside className="explorer-side">
        <h2>Tables</h2>
        <input type="search" className="table-filter" value={tableFilter} onChange={(e) => setTableFilter(e.target.value)} placeholder="Filter tables and columns" aria-label="Filter tables" />
        <ErrorBox error={tables.error} />
        {[...byDb.entries()].map(([db, ts]) => (
          <div key={db} className="db">
            <h3>{db}</h3>
            <ul data-testid={`tables-${db}`}>
              {ts.map((t) => {
                const key = `${t.database}.${t.name}`;
                return (
                  <li key={key}>
                    <button type="button" className="link" onClick={() => setOpen(open === key ? undefined : key)} title={t.description}>
                      {t.name}
                    </button>{' '}
                    <button type="button" className="link small" onClick={() => setSql(`SELECT *\nFROM ${t.database}.${t.name}\nLIMIT 100`)} aria-label={`Query ${key}`}>
                      query
                    </button>
                    {open === key ? (
                      <ul className="columns">
                        {t.columns.map((c) => (
                          <li key={c.name}>
                            {c.name} <span className="muted">{c.type}</span>
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
        <h2>Saved queries</h2>
        <ErrorBox error={saved.error} />
        <ul className="saved">
          {(saved.data?.items ?? []).map((q) => (
            <li key={q.id}>
              <button type="button" className="link" onClick={() => setSql(q.sql)} title={q.description}>
                {q.name}
              </button>
              {can('DELETE /api/saved-queries/:id') ? (
                <>
                  {' '}
                  <button type="button" className="link small" onClick={() => void removeSaved(q)} aria-label={`Delete ${q.name}`}>
                    delete
                  </button>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      </aside>
      <div className="explorer-main">
        <h1>Data Explorer</h1>
        <CodeEditor value={sqlText} onChange={setSql} language="sql" label="SQL" schema={schema} onRun={() => void runQuery()} testId="sql-editor" />
        <div className="toolbar">
          <button type="button" className="primary" onClick={() => void runQuery()} disabled={running} data-testid="run-query">
            {running ? 'Running…' : 'Run query'}
          </button>
          <button type="button" onClick={() => void cancel()} disabled={!running}>
            Cancel
          </button>
          <button type="button" disabled={result === undefined} onClick={() => result && downloadText('query-results.csv', toCsv(result.columns.map((c) => c.name), result.rows), 'text/csv')}>
            Export CSV
          </button>
          <span className="spacer" />
          {can('POST /api/saved-queries') ? (
            <>
              <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="Name this query" aria-label="Saved query name" />
              <button type="button" onClick={() => void save()} disabled={name.trim() === ''}>
                Save query
              </button>
            </>
          ) : null}
        </div>
        <ErrorBox error={error} />
        {job !== undefined ? (
          <p className="muted" data-testid="query-state">
            {job.state}
            {result ? ` · ${result.rows.length} row(s)${result.truncated ? ` (first ${MAX_ROWS})` : ''} · ${result.stats.elapsedMs} ms${result.stats.bytesScanned !== undefined ? ` · ${result.stats.bytesScanned} bytes scanned` : ''}` : ''}
          </p>
        ) : null}
        {job?.state === 'FAILED' || job?.state === 'CANCELLED' ? (
          <div className="error" role="alert">
            {job.error ?? job.state}
          </div>
        ) : null}
        {result ? <ResultTable columns={result.columns} rows={result.rows} testId="query-results" /> : null}
      </div>
    </section>
  );
}
