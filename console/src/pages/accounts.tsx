// Onboarded AWS accounts: the audit role scans read them, the optional remediation role fixes them.
import type { ReactNode } from 'react';
import type { CloudAccount } from '../api/types.js';
import { useCan } from '../auth/me.js';
import { CrudPanel } from '../components/crud-panel.js';
import { optional, splitList, TextField } from '../components/form.js';
import { useResourceForm } from '../components/resource-form.js';

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

function toDraft(a: CloudAccount): Draft {
  return { accountId: a.accountId, label: a.label, auditRoleArn: a.auditRoleArn, externalId: a.externalId ?? '', remediationRoleArn: a.remediationRoleArn ?? '', regions: (a.regions ?? []).join(', '), scanIntervalMinutes: a.scanIntervalMinutes === undefined ? '' : String(a.scanIntervalMinutes) };
}

function toBody(d: Draft): unknown {
  return {
    accountId: d.accountId.trim(),
    label: d.label.trim(),
    auditRoleArn: d.auditRoleArn.trim(),
    ...optional('externalId', d.externalId),
    ...optional('remediationRoleArn', d.remediationRoleArn),
    ...(splitList(d.regions).length > 0 ? { regions: splitList(d.regions) } : {}),
    ...(d.scanIntervalMinutes.trim() !== '' ? { scanIntervalMinutes: Number(d.scanIntervalMinutes) } : {}),
  };
}

export function AccountsPanel(): ReactNode {
  const form = useResourceForm<CloudAccount, Draft>('/api/cloud-accounts', toBody);
  const can = useCan();
  const field = (k: keyof Draft) => (v: string) => form.set(k, v);

  return (
    <div>
      <CrudPanel<CloudAccount, Draft>
        form={form}
        canWrite={can('POST /api/cloud-accounts')}
        testId="accounts-table"
        empty="No accounts onboarded."
        columns={[
          { key: 'label', title: 'Label' },
          { key: 'accountId', title: 'Account' },
          { key: 'auditRoleArn', title: 'Audit role' },
          { key: 'regions', title: 'Regions', render: (a) => (a.regions ?? []).join(', ') || 'all' },
          { key: 'scanIntervalMinutes', title: 'Scan every (min)', className: 'num' },
        ]}
        rowId={(a) => a.id}
        rowName={(a) => a.label}
        toDraft={toDraft}
        confirmDelete={(a) => `Remove account ${a.label} (${a.accountId})?`}
        deleteText="Remove"
        addLabel="Onboard an account"
        newDraft={() => empty}
        formTitle={(e) => (e.id === null ? 'Onboard an account' : `Edit ${e.draft.label}`)}
        fields={(d) => (
          <>
            <TextField label="Account ID" name="accountId" value={d.accountId} onChange={field('accountId')} required placeholder="123456789012" />
            <TextField label="Label" name="label" value={d.label} onChange={field('label')} required />
            <TextField label="Audit role ARN" name="auditRoleArn" value={d.auditRoleArn} onChange={field('auditRoleArn')} required placeholder="arn:aws:iam::123456789012:role/PantherAuditRole" />
            <TextField label="External ID" name="externalId" value={d.externalId} onChange={field('externalId')} />
            <TextField label="Remediation role ARN" name="remediationRoleArn" value={d.remediationRoleArn} onChange={field('remediationRoleArn')} />
            <TextField label="Regions" name="regions" value={d.regions} onChange={field('regions')} hint="comma-separated; empty: all enabled regions" />
            <TextField label="Scan interval (minutes)" name="scanIntervalMinutes" type="number" value={d.scanIntervalMinutes} onChange={field('scanIntervalMinutes')} />
          </>
        )}
      />
    </div>
  );
}
