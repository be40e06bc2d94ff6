// The overview: alerts per day by severity, events per log type, compliance by severity.
import type { ChartConfiguration } from 'chart.js';
import { useMemo, type ReactNode } from 'react';
import { SEVERITIES, type ComplianceOverview, type Overview } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { BarChart, SEVERITY_COLORS } from '../components/chart.js';
import { ErrorBox, Loading } from '../components/common.js';
import { href } from '../router.js';

export function OverviewPage(): ReactNode {
  const overview = useApi<Overview>('/api/overview?days=7');
  const compliance = useApi<ComplianceOverview>('/api/compliance/overview');
  const o = overview.data;

  const alertsChart = useMemo<ChartConfiguration<'bar'> | undefined>(
    () =>
      o && {
        type: 'bar',
        data: {
          labels: o.alertsOverTime.map((d) => d.day),
          datasets: SEVERITIES.map((s) => ({ label: s, data: o.alertsOverTime.map((d) => d[s] ?? 0), backgroundColor: SEVERITY_COLORS[s] })),
        },
        options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
      },
    [o],
  );
  const eventsChart = useMemo<ChartConfiguration<'bar'> | undefined>(() => {
    if (!o) return undefined;
    const top = [...o.eventsByLogType].sort((a, b) => b.events - a.events).slice(0, 15);
    return {
      type: 'bar',
      data: { labels: top.map((e) => e.logType), datasets: [{ label: 'Events', data: top.map((e) => e.events), backgroundColor: '#6366f1' }] },
      options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true } } },
    };
  }, [o]);
  const c = compliance.data;
  const complianceChart = useMemo<ChartConfiguration<'bar'> | undefined>(
    () =>
      c && {
        type: 'bar',
        data: {
          labels: [...SEVERITIES],
          datasets: [
            { label: 'Pass', data: SEVERITIES.map((s) => c.bySeverity[s]?.pass ?? 0), backgroundColor: '#16a34a' },
            { label: 'Fail', data: SEVERITIES.map((s) => c.bySeverity[s]?.fail ?? 0), backgroundColor: '#dc2626' },
            { label: 'Error', data: SEVERITIES.map((s) => c.bySeverity[s]?.error ?? 0), backgroundColor: '#a3a3a3' },
          ],
        },
        options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
      },
    [c],
  );

  return (
    <section data-testid="overview-page">
      <h1>Overview</h1>
      <ErrorBox error={overview.error} />
      {overview.loading && !o ? <Loading /> : null}
      {o ? (
        <>
          <div className="tiles" data-testid="open-alerts">
            {SEVERITIES.slice()
              .reverse()
              .map((s) => (
                <a key={s} className={`tile sev-border-${s.toLowerCase()}`} href={href(['alerts'], { status: 'OPEN', severity: s })}>
                  <span className="tile-count">{o.openAlertsBySeverity[s] ?? 0}</span>
                  <span className="tile-label">open {s}</span>
                </a>
              ))}
          </div>
          <div className="grid2">
            <div className="card">
              <h2>Alerts over the last 7 days</h2>
              {alertsChart ? <BarChart config={alertsChart} label="Alerts per day by severity" /> : null}
            </div>
            <div className="card">
              <h2>Events per log type</h2>
              {o.eventsByLogType.length === 0 ? <p className="muted">No events yet.</p> : eventsChart ? <BarChart config={eventsChart} label="Events per log type" /> : null}
            </div>
          </div>
        </>
      ) : null}
      <div className="card">
        <h2>Cloud compliance by severity</h2>
        <ErrorBox error={compliance.error} />
        {c ? (
          <>
            <p>
              {c.totals.pass} passing, {c.totals.fail} failing, {c.totals.error} errors. <a href="#/cloud">Cloud Security</a>
            </p>
            {c.totals.pass + c.totals.fail + c.totals.error > 0 && complianceChart ? <BarChart config={complianceChart} label="Compliance by severity" /> : <p className="muted">No scans yet.</p>}
          </>
        ) : compliance.loading ? (
          <Loading />
        ) : null}
      </div>
    </section>
  );
}
