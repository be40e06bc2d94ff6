// Alert destinations: CRUD and a test alert. Secrets are write-only: the API answers "<redacted>",
// and an edit that leaves the secrets box empty keeps the stored ones.
import { useState, type ReactNode } from 'react';
import type { DestinationType } from '../../../detections/delivery/config.js';
import { api, enc } from '../api/client.js';
import { SEVERITIES, type Destination, type Severity } from '../api/types.js';
import { useCan } from '../auth/me.js';
import { CrudPanel } from '../components/crud-panel.js';
import { TextField } from '../components/form.js';
import { useResourceForm } from '../components/resource-form.js';
import { prettyJson } from '../format.js';

/** Example settings and secrets per type, shown as the starting JSON. */
const EXAMPLES = {
  slack: [{ channel: '#alerts' }, { webhookUrl: 'https://hooks.slack.com/services/...' }],
  pagerduty: [{}, { routingKey: '' }],
  opsgenie: [{ region: 'us' }, { apiKey: '' }],
  msteams: [{}, { webhookUrl: 'https://example.webhook.office.com/...' }],
  jira: [{ orgDomain: 'https://example.atlassian.net', projectKey: 'SEC', issueType: 'Task' }, { userEmail: '', apiToken: '' }],
  github: [{ repository: 'owner/repo', labels: ['security'] }, { token: '' }],
  asana: [{ projectGids: [''] }, { personalAccessToken: '' }],
  sns: [{ topicArn: 'arn:aws:sns:us-east-1:123456789012:alerts' }, {}],
  sqs: [{ queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/alerts' }, {}],
  webhook: [{}, { url: 'https://example.com/hook', headers: {} }],
} as const satisfies Record<DestinationType, readonly [object, object]>;
const TYPES = Object.keys(EXAMPLES) as DestinationType[];

interface Draft {
  name: string;
  type: DestinationType;
  defaultForSeverity: Severity[];
  settings: string;
  secrets: string;
}

function newDraft(type: DestinationType): Draft {
  return { name: '', type, defaultForSeverity: ['HIGH', 'CRITICAL'], settings: prettyJson(EXAMPLES[type][0]), secrets: prettyJson(EXAMPLES[type][1]) };
}

function parseJsonField(label: string, text: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Error(`${label}: not valid JSON`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${label}: expected a JSON object`);
  return v as Record<string, unknown>;
}

function toDraft(d: Destination): Draft {
  return { name: d.name, type: d.type as DestinationType, defaultForSeverity: d.defaultForSeverity, settings: prettyJson(d.settings), secrets: '' };
}

function toBody(d: Draft, id: string | null): unknown {
  const secretsText = d.secrets.trim();
  return {
    name: d.name.trim(),
    type: d.type,
    defaultForSeverity: d.defaultForSeverity,
    settings: parseJsonField('settings', d.settings),
    // Editing: an empty box keeps the stored secrets.
    ...(secretsText === '' && id !== null ? {} : { secrets: parseJsonField('secrets', secretsText === '' ? '{}' : secretsText) }),
  };
}

export function DestinationsPage(): ReactNode {
  const form = useResourceForm<Destination, Draft>('/api/destinations', toBody);
  const can = useCan();
  const [tests, setTests] = useState<Record<string, string>>({});

  const sendTest = async (d: Destination): Promise<void> => {
    setTests((t) => ({ ...t, [d.id]: 'sending…' }));
    try {
      const r = await api<{ ok: boolean; status?: number; error?: string }>(`/api/destinations/${enc(d.id)}/test`, { method: 'POST' });
      setTests((t) => ({ ...t, [d.id]: r.ok ? `delivered${r.status !== undefined ? ` (HTTP ${r.status})` : ''}` : `failed${r.status !== undefined ? ` (HTTP ${r.status})` : ''}: ${r.error ?? ''}` }));
    } catch (err) {
      setTests((t) => ({ ...t, [d.id]: err instanceof Error ? err.message : String(err) }));
    }
  };

  return (
    <section data-testid="destinations-page">
      <h1>Destinations</h1>
      <CrudPanel<Destination, Draft>
        form={form}
        canWrite={can('POST /api/destinations')}
        testId="destinations-table"
        empty="No destinations: alerts are only kept in the console."
        columns={[
          { key: 'name', title: 'Name' },
          { key: 'type', title: 'Type' },
          { key: 'defaultForSeverity', title: 'Default for', render: (d) => d.defaultForSeverity.join(', ') },
          ...(can('POST /api/destinations/:id/test') ? [{ key: 'test', title: 'Test', render: (d: Destination) => <span role="status">{tests[d.id] ?? ''}</span> }] : []),
        ]}
        rowId={(d) => d.id}
        rowName={(d) => d.name}
        toDraft={toDraft}
        confirmDelete={(d) => `Delete the destination ${d.name}?`}
        actionsTitle=""
        extraActions={
          can('POST /api/destinations/:id/test')
            ? (d) => (
                <button type="button" className="small" onClick={() => void sendTest(d)}>
                  Send test
                </button>
              )
            : undefined
        }
        addLabel="Add a destination"
        newDraft={() => newDraft('slack')}
        formTitle={(e) => (e.id === null ? 'New destination' : `Edit ${e.draft.name}`)}
        fields={(d, e) => (
          <>
            <TextField label="Name" name="name" value={d.name} onChange={(v) => form.set('name', v)} required />
            <label className="field">
              <span>Type</span>
              <select
                name="type"
                value={d.type}
                disabled={e.id !== null}
                onChange={(ev) => {
                  const t = ev.target.value as DestinationType;
                  form.update((x) => ({ ...newDraft(t), name: x.name, defaultForSeverity: x.defaultForSeverity }));
                }}
              >
                {TYPES.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </label>
            <fieldset>
              <legend>Default for severities (alerts whose rule names no destination)</legend>
              {SEVERITIES.map((s) => (
                <label key={s} className="inline">
                  <input
                    type="checkbox"
                    checked={d.defaultForSeverity.includes(s)}
                    onChange={(ev) => form.set('defaultForSeverity', ev.target.checked ? [...d.defaultForSeverity, s] : d.defaultForSeverity.filter((x) => x !== s))}
                  />
                  {s}
                </label>
              ))}
            </fieldset>
            <label className="field">
              <span>Settings (JSON)</span>
              <textarea rows={5} name="settings" value={d.settings} onChange={(ev) => form.set('settings', ev.target.value)} spellCheck={false} />
            </label>
            <label className="field">
              <span>Secrets (JSON, write-only{e.id !== null ? '; leave empty to keep the stored ones' : ''})</span>
              <textarea rows={4} name="secrets" value={d.secrets} onChange={(ev) => form.set('secrets', ev.target.value)} spellCheck={false} autoComplete="off" />
            </label>
          </>
        )}
      />
    </section>
  );
}
