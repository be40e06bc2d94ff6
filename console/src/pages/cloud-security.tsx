// Cloud Security: compliance overview, policies (and the resources each checks), resources (and
// the policies each fails), remediation dry runs and suppressions, and the onboarded accounts.
import { useState, type ReactNode } from 'react';
import { api, enc, qs } from '../api/client.js';
import { SEVERITIES, type ComplianceEntry, type ComplianceOverview, type Page, type PolicySummary, type RemediationResult, type ResourceSummary } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { useCan } from '../auth/me.js';
import { ErrorBox, Loading, Pager, SeverityBadge, StatusBadge, Table, Tabs } from '../components/common.js';
import { useCursorStack } from '../components/pagination.js';
import { formatTime } from '../format.js';
import { href, type Route } from '../router.js';
import { AccountsPanel } from './accounts.js';

type Tab = 'overview' | 'policies' | 'resources' | 'accounts';
const TABS: ReadonlyArray<[Tab, string]> = [
  ['overview', 'Overview'],
  ['policies', 'Policies'],
  ['resources', 'Resources'],
  ['accounts', 'Accounts'],
];

export function CloudSecurityPage({ route }: { route: Route }): ReactNode {
  const tab = (TABS.find(([k]) => k === route.segments[1])?.[0] ?? 'overview') as Tab;
  const item = route.segments[2];
  return (
    <section data-testid="cloud-page">
      <h1>Cloud Security</h1>
      <Tabs tabs={TABS} active={tab} hrefOf={(k) => href(['cloud', k])} />
      {tab === 'overview' ? <ComplianceOverviewPanel /> : null}
      {tab === 'policies' ? item !== undefined ? <PolicyDetail policyId={item} /> : <PoliciesPanel /> : null}
      {tab === 'resources' ? item !== undefined ? <ResourceDetail resourceId={item} /> : <ResourcesPanel status={route.query.get('status') ?? ''} /> : null}
      {tab === 'accounts' ? <AccountsPanel /> : null}
    </section>
  );
}

const counts = (c: { pass: number; fail: number; error: number }): ReactNode => (
  <span>
    <span className="pass-count">{c.pass} pass</span> · <span className="fail-count">{c.fail} fail</span> · <span className="muted">{c.error} error</span>
  </span>
);

function ComplianceOverviewPanel(): ReactNode {
  const o = useApi<ComplianceOverview>('/api/compliance/overview');
  if (o.error !== undefined) return <ErrorBox error={o.error} />;
  if (!o.data) return <Loading />;
  const d = o.data;
  return (
    <>
      <div className="card">
        <h2>Totals</h2>
        <p data-testid="compliance-totals">{counts(d.totals)}</p>
        <Table
          rows={SEVERITIES.map((s) => ({ severity: s, ...d.bySeverity[s] }))}
          rowKey={(r) => r.severity}
          columns={[
            { key: 'severity', title: 'Severity', render: (r) => <SeverityBadge severity={r.severity} /> },
            { key: 'pass', title: 'Pass', className: 'num' },
            { key: 'fail', title: 'Fail', className: 'num' },
            { key: 'error', title: 'Error', className: 'num' },
          ]}
        />
      </div>
      <div className="grid2">
        <div className="card">
          <h2>By resource type</h2>
          <Table rows={d.byResourceType} rowKey={(r) => r.resourceType} columns={[{ key: 'resourceType', title: 'Resource type' }, { key: 'pass', title: 'Pass', className: 'num' }, { key: 'fail', title: 'Fail', className: 'num' }, { key: 'error', title: 'Error', className: 'num' }]} />
        </div>
        <div className="card">
          <h2>By account</h2>
          <Table rows={d.byAccount} rowKey={(r) => r.accountId} columns={[{ key: 'accountId', title: 'Account' }, { key: 'pass', title: 'Pass', className: 'num' }, { key: 'fail', title: 'Fail', className: 'num' }, { key: 'error', title: 'Error', className: 'num' }]} />
        </div>
      </div>
    </>
  );
}

function PoliciesPanel(): ReactNode {
  const list = useApi<{ items: PolicySummary[] }>('/api/compliance/policies');
  if (list.error !== undefined) return <ErrorBox error={list.error} />;
  if (!list.data) return <Loading />;
  return (
    <Table<PolicySummary>
      testId="policies-table"
      rows={list.data.items}
      rowKey={(p) => p.policyId}
      columns={[
        { key: 'policyId', title: 'Policy', render: (p) => <a href={href(['cloud', 'policies', p.policyId])}>{p.displayName ?? p.policyId}</a> },
        { key: 'severity', title: 'Severity', render: (p) => <SeverityBadge severity={p.severity} /> },
        { key: 'resourceTypes', title: 'Resource types', render: (p) => p.resourceTypes.join(', ') },
        { key: 'enabled', title: 'Enabled', render: (p) => (p.enabled ? 'yes' : 'no') },
        { key: 'pass', title: 'Pass', className: 'num' },
        { key: 'fail', title: 'Fail', className: 'num' },
        { key: 'error', title: 'Error', className: 'num' },
      ]}
    />
  );
}

function EntriesTable({ entries, show }: { entries: ComplianceEntry[]; show: 'resource' | 'policy' }): ReactNode {
  const [result, setResult] = useState<{ key: string; r: RemediationResult } | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [note, setNote] = useState<string | undefined>(undefined);
  // A dry run and a suppression need the analyst role; applying a remediation needs admin.
  const can = useCan();
  const canPlan = can('POST /api/compliance/remediate');
  const canSuppress = can('POST /api/compliance/suppress');
  const remediate = async (e: ComplianceEntry, dryRun: boolean): Promise<void> => {
    setError(undefined);
    if (!dryRun && !window.confirm(`Apply the remediation to ${e.resourceId}? This changes the resource.`)) return;
    try {
      setResult({ key: `${e.policyId}|${e.resourceId}`, r: await api<RemediationResult>('/api/compliance/remediate', { method: 'POST', body: { policyId: e.policyId, resourceId: e.resourceId, dryRun } }) });
    } catch (err) {
      setError(err);
    }
  };
  const suppress = async (e: ComplianceEntry): Promise<void> => {
    const reason = window.prompt(`Suppress ${e.policyId} for ${e.resourceId}: reason?`);
    if (reason === null) return;
    try {
      await api('/api/compliance/suppress', { method: 'POST', body: { policyId: e.policyId, resourcePattern: e.resourceId, ...(reason !== '' ? { reason } : {}) } });
      setNote(`Suppressed ${e.policyId} for ${e.resourceId}; the next scan shows it as suppressed.`);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <ErrorBox error={error} />
      {note !== undefined ? <p className="ok">{note}</p> : null}
      <Table<ComplianceEntry>
        testId="compliance-entries"
        rows={entries}
        rowKey={(e) => `${e.policyId}|${e.resourceId}`}
        columns={[
          show === 'resource'
            ? { key: 'resourceId', title: 'Resource', render: (e) => <a href={href(['cloud', 'resources', e.resourceId])}>{e.resourceId}</a> }
            : { key: 'policyId', title: 'Policy', render: (e) => <a href={href(['cloud', 'policies', e.policyId])}>{e.policyId}</a> },
          { key: 'status', title: 'Status', render: (e) => <StatusBadge status={e.suppressed ? `${e.status} (suppressed)` : e.status} /> },
          { key: 'severity', title: 'Severity', render: (e) => <SeverityBadge severity={e.severity} /> },
          { key: 'accountId', title: 'Account' },
          { key: 'region', title: 'Region' },
          { key: 'lastUpdated', title: 'Checked', render: (e) => formatTime(e.lastUpdated) },
          { key: 'errorMessage', title: 'Error' },
          ...(canPlan || canSuppress
            ? [
                {
                  key: 'actions',
                  title: 'Actions',
                  render: (e: ComplianceEntry) =>
                    e.status === 'FAIL' ? (
                      <span className="actions">
                        {canPlan ? (
                          <button type="button" className="small" onClick={() => void remediate(e, true)} aria-label={`Remediation plan for ${e.resourceId}`}>
                            Remediation plan
                          </button>
                        ) : null}
                        {canSuppress ? (
                          <button type="button" className="small" onClick={() => void suppress(e)} aria-label={`Suppress ${e.policyId} for ${e.resourceId}`}>
                            Suppress
                          </button>
                        ) : null}
                      </span>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {result !== undefined ? (
        <div className="card">
          <h3>
            {result.r.remediation} {result.r.dryRun ? '(dry run)' : result.r.applied ? '(applied)' : '(not applied)'}
          </h3>
          {result.r.error !== undefined ? <div className="error">{result.r.error}</div> : null}
          <pre className="json">{result.r.plan.join('\n')}</pre>
          {result.r.dryRun && can.applyRemediation ? (
            <button
              type="button"
              className="danger"
              onClick={() => {
                const [policyId = '', resourceId = ''] = result.key.split('|');
                const e = entries.find((x) => x.policyId === policyId && x.resourceId === resourceId);
                if (e) void remediate(e, false);
              }}
            >
              Apply
            </button>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

function PolicyDetail({ policyId }: { policyId: string }): ReactNode {
  const [status, setStatus] = useState('');
  const pages = useCursorStack();
  const d = useApi<Page<ComplianceEntry> & { policy: PolicySummary }>(`/api/compliance/policies/${enc(policyId)}${qs({ status, limit: 50, cursor: pages.cursor })}`);
  if (d.error !== undefined) return <ErrorBox error={d.error} />;
  if (!d.data) return <Loading />;
  const p = d.data.policy;
  return (
    <div>
      <h2 data-testid="policy-title">
        {p.displayName ?? p.policyId} <SeverityBadge severity={p.severity} />
      </h2>
      <p data-testid="policy-counts">{counts(p)}</p>
      <label>
        Status
        <select
          name="status"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value);
            pages.reset();
          }}
        >
          <option value="">Any</option>
          <option value="FAIL">FAIL</option>
          <option value="PASS">PASS</option>
          <option value="ERROR">ERROR</option>
        </select>
      </label>
      <EntriesTable entries={d.data.items} show="resource" />
      <Pager hasPrev={pages.hasPrev} next={d.data.next} onPrev={pages.prev} onNext={pages.next} />
    </div>
  );
}

function ResourcesPanel({ status }: { status: string }): ReactNode {
  const pages = useCursorStack();
  const list = useApi<Page<ResourceSummary>>(`/api/compliance/resources${qs({ status, limit: 50, cursor: pages.cursor })}`);
  if (list.error !== undefined) return <ErrorBox error={list.error} />;
  if (!list.data) return <Loading />;
  return (
    <>
      <Table<ResourceSummary>
        testId="resources-table"
        rows={list.data.items}
        rowKey={(r) => r.resourceId}
        empty="No resources scanned yet: onboard an account under Accounts."
        columns={[
          { key: 'resourceId', title: 'Resource', render: (r) => <a href={href(['cloud', 'resources', r.resourceId])}>{r.resourceId}</a> },
          { key: 'resourceType', title: 'Type' },
          { key: 'accountId', title: 'Account' },
          { key: 'region', title: 'Region' },
          { key: 'pass', title: 'Pass', className: 'num' },
          { key: 'fail', title: 'Fail', className: 'num' },
          { key: 'error', title: 'Error', className: 'num' },
        ]}
      />
      <Pager hasPrev={pages.hasPrev} next={list.data.next} onPrev={pages.prev} onNext={pages.next} />
    </>
  );
}

function ResourceDetail({ resourceId }: { resourceId: string }): ReactNode {
  const d = useApi<{ resourceId: string; items: ComplianceEntry[] }>(`/api/compliance/resources/${enc(resourceId)}`);
  if (d.error !== undefined) return <ErrorBox error={d.error} />;
  if (!d.data) return <Loading />;
  return (
    <div>
      <h2>
        <code>{d.data.resourceId}</code>
      </h2>
      <EntriesTable entries={d.data.items} show="policy" />
    </div>
  );
}
