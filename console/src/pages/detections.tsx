// The detections list: built-in and user detections, filters, enable/disable.
import { useState, type ReactNode } from 'react';
import { api, enc, qs } from '../api/client.js';
import { SEVERITIES, type DetectionSummary } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { useCan } from '../auth/me.js';
import { SeverityBadge } from '../components/common.js';
import { routeFilters, SelectFilter } from '../components/filters.js';
import { ListView } from '../components/list-view.js';
import { detectionHref, type Route } from '../router.js';

const TYPES = [
  ['rule', 'Rule'],
  ['scheduled_rule', 'Scheduled rule'],
  ['policy', 'Policy'],
] as const;
const STATES = [
  ['true', 'Enabled'],
  ['false', 'Disabled'],
] as const;

export function DetectionsPage({ route }: { route: Route }): ReactNode {
  const { values: filters, setFilter } = routeFilters(route, 'detections', ['type', 'enabled', 'severity', 'q'] as const);
  const [search, setSearch] = useState(filters.q);
  const list = useApi<{ items: DetectionSummary[] }>(`/api/detections${qs(filters)}`);
  const [error, setError] = useState<unknown>(undefined);
  const can = useCan();

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
        {can('POST /api/detections') ? (
          <a className="button primary" href={detectionHref(null)}>
            New detection
          </a>
        ) : null}
      </div>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter('q', search);
        }}
      >
        <SelectFilter label="Type" name="type" value={filters.type} onChange={(v) => setFilter('type', v)} options={TYPES} />
        <SelectFilter label="Severity" name="severity" value={filters.severity} onChange={(v) => setFilter('severity', v)} options={SEVERITIES} />
        <SelectFilter label="State" name="enabled" value={filters.enabled} onChange={(v) => setFilter('enabled', v)} options={STATES} />
        <label>
          Search
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} name="q" placeholder="id, name, tag" />
        </label>
        <button type="submit">Search</button>
      </form>
      <ListView<DetectionSummary>
        list={list}
        error={error}
        testId="detections-table"
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
            render: (d) =>
              can('PATCH /api/detections/:id') ? (
                <label className="switch">
                  <input type="checkbox" checked={d.enabled} onChange={() => void toggle(d)} aria-label={`Enable ${d.id}`} />
                </label>
              ) : d.enabled ? (
                'yes'
              ) : (
                'no'
              ),
          },
        ]}
      />
    </section>
  );
}
