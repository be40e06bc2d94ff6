// The detections list: built-in and user detections, filters, enable/disable.
import { useState, type ReactNode } from 'react';
import { api, enc, qs } from '../api/client.js';
import { SEVERITIES, type DetectionSummary } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { ErrorBox, Loading, SeverityBadge, Table } from '../components/common.js';
import { detectionHref, navigate, type Route } from '../router.js';

export function DetectionsPage({ route }: { route: Route }): ReactNode {
  const type = route.query.get('type') ?? '';
  const enabled = route.query.get('enabled') ?? '';
  const severity = route.query.get('severity') ?? '';
  const q = route.query.get('q') ?? '';
  const [search, setSearch] = useState(q);
  const list = useApi<{ items: DetectionSummary[] }>(`/api/detections${qs({ type, enabled, severity, q })}`);
  const [error, setError] = useState<unknown>(undefined);
  const setFilter = (k: string, v: string): void => navigate(['detections'], { type, enabled, severity, q, [k]: v });

  const toggle = async (d: DetectionSummary): Promise<void> => {
    setError(undefined);
    try {
      await api(`/api/detections/${enc(d.id)}`, { method: 'PATCH', body: { enabled: !d.enabled } });
      list.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section data-testid="detections-page">
      <div className="title-row">
        <h1>Detections</h1>
        <a className="button primary" href={detectionHref(null)}>
          New detection
        </a>
      </div>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter('q', search);
        }}
      >
        <label>
          Type
          <select value={type} onChange={(e) => setFilter('type', e.target.value)} name="type">
            <option value="">Any</option>
            <option value="rule">Rule</option>
            <option value="scheduled_rule">Scheduled rule</option>
            <option value="policy">Policy</option>
          </select>
        </label>
        <label>
          Severity
          <select value={severity} onChange={(e) => setFilter('severity', e.target.value)} name="severity">
            <option value="">Any</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          State
          <select value={enabled} onChange={(e) => setFilter('enabled', e.target.value)} name="enabled">
            <option value="">Any</option>
            <option value="true">Enabled</option>
            <option value="false">Disabled</option>
          </select>
        </label>
        <label>
          Search
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} name="q" placeholder="id, name, tag" />
        </label>
        <button type="submit">Search</button>
      </form>
      <ErrorBox error={list.error ?? error} />
      {list.loading && list.data === undefined ? <Loading /> : null}
      {list.data ? (
        <Table<DetectionSummary>
          testId="detections-table"
          rows={list.data.items}
          rowKey={(d) => d.id}
          empty="No detections match."
          columns={[
            { key: 'id', title: 'ID', render: (d) => <a href={detectionHref(d.id)}>{d.id}</a> },
            { key: 'displayName', title: 'Name' },
            { key: 'type', title: 'Type' },
            { key: 'severity', title: 'Severity', render: (d) => <SeverityBadge severity={d.severity} /> },
            { key: 'logTypes', title: 'Log / resource types', render: (d) => (d.logTypes ?? d.resourceTypes ?? []).join(', ') },
            { key: 'language', title: 'Language' },
            { key: 'tests', title: 'Tests', className: 'num' },
            { key: 'builtin', title: 'Source', render: (d) => (d.builtin ? 'built-in' : 'custom') },
            {
              key: 'enabled',
              title: 'Enabled',
              render: (d) => (
                <label className="switch">
                  <input type="checkbox" checked={d.enabled} onChange={() => void toggle(d)} aria-label={`Enable ${d.id}`} />
                </label>
              ),
            },
          ]}
        />
      ) : null}
    </section>
  );
}
