// The alert list: filters by status and severity (kept in the URL), newest first, cursor pages.
import { useEffect, type ReactNode } from 'react';
import { qs } from '../api/client.js';
import { ALERT_STATUSES, SEVERITIES, type Alert, type Page } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { ErrorBox, Loading, Pager, SeverityBadge, StatusBadge, Table } from '../components/common.js';
import { useCursorStack } from '../components/pagination.js';
import { formatTime } from '../format.js';
import { detectionHref, href, navigate, type Route } from '../router.js';

const PAGE_SIZE = 25;

export function AlertsPage({ route }: { route: Route }): ReactNode {
  const status = route.query.get('status') ?? '';
  const severity = route.query.get('severity') ?? '';
  const ruleId = route.query.get('ruleId') ?? '';
  const pages = useCursorStack();
  const { reset } = pages;
  useEffect(() => reset(), [status, severity, ruleId, reset]);
  const list = useApi<Page<Alert>>(`/api/alerts${qs({ status, severity, ruleId, limit: PAGE_SIZE, cursor: pages.cursor })}`);
  const setFilter = (k: string, v: string): void => navigate(['alerts'], { status, severity, ruleId, [k]: v });

  return (
    <section data-testid="alerts-page">
      <h1>Alerts</h1>
      <div className="filters">
        <label>
          Status
          <select value={status} onChange={(e) => setFilter('status', e.target.value)} name="status">
            <option value="">Any</option>
            {ALERT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
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
        {ruleId !== '' ? (
          <span className="chip">
            rule {ruleId}{' '}
            <button type="button" className="link" onClick={() => setFilter('ruleId', '')} aria-label="Clear the rule filter">
              ×
            </button>
          </span>
        ) : null}
      </div>
      <ErrorBox error={list.error} />
      {list.loading && list.data === undefined ? <Loading /> : null}
      {list.data ? (
        <>
          <Table<Alert>
            testId="alerts-table"
            rows={list.data.items}
            rowKey={(a) => a.alertId}
            empty="No alerts match."
            columns={[
              { key: 'creationTime', title: 'Created', render: (a) => formatTime(a.creationTime), className: 'nowrap' },
              { key: 'severity', title: 'Severity', render: (a) => <SeverityBadge severity={a.severity} /> },
              { key: 'title', title: 'Title', render: (a) => <a href={href(['alerts', a.alertId])}>{a.title}</a> },
              { key: 'ruleId', title: 'Detection', render: (a) => <a href={detectionHref(a.ruleId)}>{a.ruleId}</a> },
              { key: 'type', title: 'Type' },
              { key: 'eventCount', title: 'Events', className: 'num' },
              { key: 'status', title: 'Status', render: (a) => <StatusBadge status={a.status} /> },
            ]}
          />
          <Pager hasPrev={pages.hasPrev} next={list.data.next} onPrev={pages.prev} onNext={pages.next} />
        </>
      ) : null}
    </section>
  );
}
