// One alert: its fields, alert context, the matching events, and its status.
import { useEffect, useState, type ReactNode } from 'react';
import { api, enc } from '../api/client.js';
import { ALERT_STATUSES, type Alert, type AlertDetail, type AlertStatus } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { useCan } from '../auth/me.js';
import { ErrorBox, Fields, Loading, ResultTable, SafeLink, SeverityBadge, StatusBadge } from '../components/common.js';
import { formatTime, prettyJson } from '../format.js';
import { detectionHref } from '../router.js';

interface ResendResult {
  destinationId: string;
  name: string;
  ok: boolean;
  status?: number;
  error?: string;
}

export function AlertDetailPage({ id }: { id: string }): ReactNode {
  const detail = useApi<AlertDetail>(`/api/alerts/${enc(id)}`);
  const can = useCan();
  const [alert, setAlert] = useState<Alert | undefined>(undefined);
  const [status, setStatus] = useState<AlertStatus>('OPEN');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [resent, setResent] = useState<ResendResult[] | undefined>(undefined);

  useEffect(() => {
    if (detail.data) {
      setAlert(detail.data.alert);
      setStatus(detail.data.alert.status);
    }
  }, [detail.data]);

  const updateStatus = async (): Promise<void> => {
    setSaving(true);
    setError(undefined);
    setMessage(undefined);
    try {
      const a = await api<Alert>(`/api/alerts/${enc(id)}`, { method: 'PATCH', body: { status } });
      setAlert(a);
      setMessage(`Status set to ${a.status}.`);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  const resend = async (): Promise<void> => {
    setError(undefined);
    setResent(undefined);
    try {
      setResent((await api<{ results: ResendResult[] }>(`/api/alerts/${enc(id)}/resend`, { method: 'POST', body: {} })).results);
    } catch (e) {
      setError(e);
    }
  };

  if (detail.error !== undefined) return <ErrorBox error={detail.error} />;
  if (alert === undefined || detail.data === undefined) return <Loading />;
  const events = detail.data.events;
  return (
    <section data-testid="alert-detail">
      <p className="crumbs">
        <a href="#/alerts">Alerts</a> /
      </p>
      <h1 data-testid="alert-title">{alert.title}</h1>
      <div className="status-row">
        <SeverityBadge severity={alert.severity} /> <StatusBadge status={alert.status} />
        {/* Triage (a status change, a resend) needs the analyst role: others only read the alert. */}
        {can('PATCH /api/alerts/:id') ? (
          <>
            <label>
              Change status
              <select value={status} onChange={(e) => setStatus(e.target.value as AlertStatus)} name="alert-status">
                {ALERT_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="primary" disabled={saving || status === alert.status} onClick={() => void updateStatus()}>
              Update status
            </button>
          </>
        ) : null}
        {message !== undefined ? <span className="ok" role="status">{message}</span> : null}
        <span className="spacer" />
        {can('POST /api/alerts/:id/resend') ? (
          <button type="button" onClick={() => void resend()}>
            Resend to destinations
          </button>
        ) : null}
      </div>
      <ErrorBox error={error} />
      {resent !== undefined ? (
        <div className="card" data-testid="resend-results">
          {resent.length === 0 ? (
            <p className="muted">No destination takes this alert: configure one under Destinations.</p>
          ) : (
            <ul>
              {resent.map((r) => (
                <li key={r.destinationId} className={r.ok ? 'ok' : 'fail-count'}>
                  {r.name}: {r.ok ? 'sent' : 'failed'}
                  {r.status !== undefined ? ` (HTTP ${r.status})` : ''}
                  {r.error !== undefined ? ` — ${r.error}` : ''}
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
      <div className="card">
        <Fields
          items={[
            ['Alert ID', <code key="id">{alert.alertId}</code>],
            ['Detection', <a key="r" href={detectionHref(alert.ruleId)}>{alert.ruleId}</a>],
            ['Type', alert.type],
            ['Log types', alert.logTypes.join(', ')],
            ['Events', String(alert.eventCount)],
            ['Created', formatTime(alert.creationTime)],
            ['Updated', formatTime(alert.updateTime)],
            ['Dedup', <code key="d">{alert.dedup}</code>],
            ['Destinations', alert.destinations.length > 0 ? alert.destinations.join(', ') : '—'],
            ...(alert.description !== undefined ? ([['Description', alert.description]] as Array<[string, ReactNode]>) : []),
            ...(alert.runbook !== undefined ? ([['Runbook', <span key="rb" className="prewrap">{alert.runbook}</span>]] as Array<[string, ReactNode]>) : []),
            ...(alert.reference !== undefined ? ([['Reference', <SafeLink key="ref" url={alert.reference} />]] as Array<[string, ReactNode]>) : []),
            ...(alert.eventsLink !== undefined ? ([['Events link', <SafeLink key="el" url={alert.eventsLink} />]] as Array<[string, ReactNode]>) : []),
          ]}
        />
      </div>
      <div className="card">
        <h2>Alert context</h2>
        {alert.alertContext === null ? <p className="muted">None.</p> : <pre className="json" data-testid="alert-context">{prettyJson(alert.alertContext)}</pre>}
      </div>
      <div className="card">
        <h2>Matching events ({events.rows.length})</h2>
        <ResultTable columns={events.columns} rows={events.rows} testId="alert-events" />
      </div>
    </section>
  );
}
