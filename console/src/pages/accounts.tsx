// Onboarded AWS accounts: the audit role scans read them, the optional remediation role fixes them.
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, enc } from '../api/client.js';
import type { CloudAccount } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { ErrorBox, Loading, Table } from '../components/common.js';
import { optional, splitList, TextField } from '../components/form.js';

interface Draft {
  accountId: string;
  label: string;
  auditRoleArn: string;
  externalId: string;
  remediationRoleArn: string;
  regions: string;
  scanIntervalMinutes: string;
}

const empty: Draft = { accountId: '', label: '', auditRoleArn: '', externalId: '', remediationRoleArn: '', regions: '', scanIntervalMinutes: '' };

export function AccountsPanel(): ReactNode {
  const list = useApi<{ items: CloudAccount[] }>('/api/cloud-accounts');
  const [editing, setEditing] = useState<{ id: string | null; draft: Draft } | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!editing) return;
    const d = editing.draft;
    const body = {
      accountId: d.accountId.trim(),
      label: d.label.trim(),
      auditRoleArn: d.auditRoleArn.trim(),
      ...optional('externalId', d.externalId),
      ...optional('remediationRoleArn', d.remediationRoleArn),
      ...(splitList(d.regions).length > 0 ? { regions: splitList(d.regions) } : {}),
      ...(d.scanIntervalMinutes.trim() !== '' ? { scanIntervalMinutes: Number(d.scanIntervalMinutes) } : {}),
    };
    setError(undefined);
    try {
      await api(editing.id === null ? '/api/cloud-accounts' : `/api/cloud-accounts/${enc(editing.id)}`, { method: editing.id === null ? 'POST' : 'PUT', body });
      setEditing(undefined);
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  const remove = async (a: CloudAccount): Promise<void> => {
    if (!window.confirm(`Remove account ${a.label} (${a.accountId})?`)) return;
    try {
      await api(`/api/cloud-accounts/${enc(a.id)}`, { method: 'DELETE' });
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  const set = (k: keyof Draft) => (v: string) => setEditing((e) => e && { ...e, draft: { ...e.draft, [k]: v } });

  return (
    <div>
      <ErrorBox error={list.error ?? error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <Table<CloudAccount>
          testId="accounts-table"
          rows={list.data.items}
          rowKey={(a) => a.id}
          empty="No accounts onboarded."
          columns={[
            { key: 'label', title: 'Label' },
            { key: 'accountId', title: 'Account' },
            { key: 'auditRoleArn', title: 'Audit role' },
            { key: 'regions', title: 'Regions', render: (a) => (a.regions ?? []).join(', ') || 'all' },
            { key: 'scanIntervalMinutes', title: 'Scan every (min)', className: 'num' },
            {
              key: 'actions',
              title: 'Actions',
              render: (a) => (
                <span className="actions">
                  <button type="button" className="small" aria-label={`Edit ${a.label}`} onClick={() => setEditing({ id: a.id, draft: { accountId: a.accountId, label: a.label, auditRoleArn: a.auditRoleArn, externalId: a.externalId ?? '', remediationRoleArn: a.remediationRoleArn ?? '', regions: (a.regions ?? []).join(', '), scanIntervalMinutes: a.scanIntervalMinutes === undefined ? '' : String(a.scanIntervalMinutes) } })}>
                    Edit
                  </button>
                  <button type="button" className="small danger" onClick={() => void remove(a)} aria-label={`Remove ${a.label}`}>
                    Remove
                  </button>
                </span>
              ),
            },
          ]}
        />
      ) : null}
      {editing === undefined ? (
        <button type="button" className="primary" onClick={() => setEditing({ id: null, draft: empty })}>
          Onboard an account
        </button>
      ) : (
        <form className="card form" onSubmit={(e) => void submit(e)} aria-label={editing.id === null ? 'Onboard an account' : `Edit ${editing.draft.label}`}>
          <h2>{editing.id === null ? 'Onboard an account' : `Edit ${editing.draft.label}`}</h2>
          <TextField label="Account ID" name="accountId" value={editing.draft.accountId} onChange={set('accountId')} required placeholder="123456789012" />
          <TextField label="Label" name="label" value={editing.draft.label} onChange={set('label')} required />
          <TextField label="Audit role ARN" name="auditRoleArn" value={editing.draft.auditRoleArn} onChange={set('auditRoleArn')} required placeholder="arn:aws:iam::123456789012:role/PantherAuditRole" />
          <TextField label="External ID" name="externalId" value={editing.draft.externalId} onChange={set('externalId')} />
          <TextField label="Remediation role ARN" name="remediationRoleArn" value={editing.draft.remediationRoleArn} onChange={set('remediationRoleArn')} />
          <TextField label="Regions" name="regions" value={editing.draft.regions} onChange={set('regions')} hint="comma-separated; empty: all enabled regions" />
          <TextField label="Scan interval (minutes)" name="scanIntervalMinutes" type="number" value={editing.draft.scanIntervalMinutes} onChange={set('scanIntervalMinutes')} />
          <div className="toolbar">
            <button type="submit" className="primary">
              Save
            </button>
            <button type="button" onClick={() => setEditing(undefined)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
