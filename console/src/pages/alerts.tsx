// The alert list: filters by status and severity (kept in the URL), newest first, cursor pages.
import type { ReactNode } from 'react';
import { qs } from '../api/client.js';
import { ALERT_STATUSES, SEVERITIES, type Alert, type Page } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { SeverityBadge, StatusBadge, type Column } from '../components/common.js';
import { routeFilters, SelectFilter } from '../components/filters.js';
import { ListView } from '../components/list-view.js';
import { useCursorStack } from '../components/pagination.js';
import { formatTime } from '../format.js';
import { detectionHref, href, type Route } from '../router.js';

const PAGE_SIZE = 25;

const COLUMNS: Array<Column<Alert>> = [
  { key: 'creationTime', title: 'Created', render: (a) => formatTime(a.creationTime), className: 'nowrap' },
  { key: 'severity', title: 'Severity', render: (a) => <SeverityBadge severity={a.severity} /> },
  { key: 'title', title: 'Title', render: (a) => <a href={href(['alerts', a.alertId])}>{a.title}</a> },
  { key: 'ruleId', title: 'Detection', render: (a) => <a href={detectionHref(a.ruleId)}>{a.ruleId}</a> },
  { key: 'type', title: 'Type' },
  { key: 'eventCount', title: 'Events', className: 'num' },
  { key: 'status', title: 'Status', render: (a) => <StatusBadge status={a.status} /> },
];

export function AlertsPage({ route }: { route: Route }): ReactNode {
  const { values: filters, setFilter } = routeFilters(route, 'alerts', ['status', 'severity', 'ruleId'] as const);
  const { status, severity, ruleId } = filters;
  // Another filter starts again from the first page.
  const pages = useCursorStack(qs(filters));
  const list = useApi<Page<Alert>>(`/api/alerts${qs({ ...filters, limit: PAGE_SIZE, cursor: pages.cursor })}`);

  return (
    <section data-testid="alerts-page">
      <h1>Alerts</h1>
      <div className="filters">
        <SelectFilter label="Status" name="status" value={status} onChange={(v) => setFilter('status', v)} options={ALERT_STATUSES} />
        <SelectFilter label="Severity" name="severity" value={severity} onChange={(v) => setFilter('severity', v)} options={SEVERITIES} />
        {ruleId !== '' ? (
          <span className="chip">
            rule {ruleId}{' '}
            <button type="button" className="link" onClick={() => setFilter('ruleId', '')} aria-label="Clear the rule filter">
              ×
            </button>
          </span>
        ) : null}
      </div>
      <ListView<Alert>
        list={list}
        pages={pages}
        testId="alerts-table"
        rowKey={(a) => a.alertId}
        empty="No alerts match."
        columns={COLUMNS}
      />
    </section>
  );
}
