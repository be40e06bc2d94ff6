// Alert destinations: CRUD and a test alert. Secrets are write-only: the API answers "<redacted>",
// and an edit that leaves the secrets box empty keeps the stored ones.
import { useState, type FormEvent, type ReactNode } from 'react';
import type { DestinationType } from '../../../detections/delivery/config.js';
import { api, enc } from '../api/client.js';
import { SEVERITIES, type Destination, type Severity } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { ErrorBox, Loading, Table } from '../components/common.js';
import { TextField } from '../components/form.js';
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

export function DestinationsPage(): ReactNode {
  const list = useApi<{ items: Destination[] }>('/api/destinations');
  const [editing, setEditing] = useState<{ id: string | null; draft: Draft } | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [tests, setTests] = useState<Record<string, string>>({});

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!editing) return;
    setError(undefined);
    try {
      const d = editing.draft;
      const secretsText = d.secrets.trim();
      const body = {
        name: d.name.trim(),
        type: d.type,
        defaultForSeverity: d.defaultForSeverity,
        settings: parseJsonField('settings', d.settings),
        // Editing: an empty box keeps the stored secrets.
        ...(secretsText === '' && editing.id !== null ? {} : { secrets: parseJsonField('secrets', secretsText === '' ? '{}' : secretsText) }),
      };
      await api(editing.id === null ? '/api/destinations' : `/api/destinations/${enc(editing.id)}`, { method: editing.id === null ? 'POST' : 'PUT', body });
      setEditing(undefined);
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  const remove = async (d: Destination): Promise<void> => {
    if (!window.confirm(`Delete the destination ${d.name}?`)) return;
    try {
      await api(`/api/destinations/${enc(d.id)}`, { method: 'DELETE' });
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  const sendTest = async (d: Destination): Promise<void> => {
    setTests((t) => ({ ...t, [d.id]: 'sending…' }));
    try {
      const r = await api<{ ok: boolean; status?: number; error?: string }>(`/api/destinations/${enc(d.id)}/test`, { method: 'POST' });
      setTests((t) => ({ ...t, [d.id]: r.ok ? `delivered${r.status !== undefined ? ` (HTTP ${r.status})` : ''}` : `failed${r.status !== undefined ? ` (HTTP ${r.status})` : ''}: ${r.error ?? ''}` }));
    } catch (err) {
      setTests((t) => ({ ...t, [d.id]: err instanceof Error ? err.message : String(err) }));
    }
  };
  const set = <K extends keyof Draft>(k: K, v: Draft[K]): void => setEditing((e) => e && { ...e, draft: { ...e.draft, [k]: v } });

  return (
    <section data-testid="destinations-page">
      <h1>Destinations</h1>
      <ErrorBox error={list.error ?? error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <Table<Destination>
          testId="destinations-table"
          rows={list.data.items}
          rowKey={(d) => d.id}
          empty="No destinations: alerts are only kept in the console."
          columns={[
            { key: 'name', title: 'Name' },
            { key: 'type', title: 'Type' },
            { key: 'defaultForSeverity', title: 'Default for', render: (d) => d.defaultForSeverity.join(', ') },
            { key: 'test', title: 'Test', render: (d) => <span role="status">{tests[d.id] ?? ''}</span> },
            {
              key: 'actions',
              title: '',
              render: (d) => (
                <span className="actions">
                  <button type="button" className="small" onClick={() => void sendTest(d)}>
                    Send test
                  </button>
                  <button
                    type="button"
                    className="small"
                    onClick={() => setEditing({ id: d.id, draft: { name: d.name, type: d.type as DestinationType, defaultForSeverity: d.defaultForSeverity, settings: prettyJson(d.settings), secrets: '' } })}
                  >
                    Edit
                  </button>
                  <button type="button" className="small danger" onClick={() => void remove(d)}>
                    Delete
                  </button>
                </span>
              ),
            },
          ]}
        />
      ) : null}
      {editing === undefined ? (
        <button type="button" className="primary" onClick={() => setEditing({ id: null, draft: newDraft('slack') })}>
          Add a destination
        </button>
      ) : (
        <form className="card form" onSubmit={(e) => void submit(e)}>
          <h2>{editing.id === null ? 'New destination' : `Edit ${editing.draft.name}`}</h2>
          <TextField label="Name" name="name" value={editing.draft.name} onChange={(v) => set('name', v)} required />
          <label className="field">
            <span>Type</span>
            <select
              name="type"
              value={editing.draft.type}
              disabled={editing.id !== null}
              onChange={(e) => {
                const t = e.target.value as DestinationType;
                setEditing((x) => x && { ...x, draft: { ...newDraft(t), name: x.draft.name, defaultForSeverity: x.draft.defaultForSeverity } });
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
                  checked={editing.draft.defaultForSeverity.includes(s)}
                  onChange={(e) => set('defaultForSeverity', e.target.checked ? [...editing.draft.defaultForSeverity, s] : editing.draft.defaultForSeverity.filter((x) => x !== s))}
                />
                {s}
              </label>
            ))}
          </fieldset>
          <label className="field">
            <span>Settings (JSON)</span>
            <textarea rows={5} name="settings" value={editing.draft.settings} onChange={(e) => set('settings', e.target.value)} spellCheck={false} />
          </label>
          <label className="field">
            <span>Secrets (JSON, write-only{editing.id !== null ? '; leave empty to keep the stored ones' : ''})</span>
            <textarea rows={4} name="secrets" value={editing.draft.secrets} onChange={(e) => set('secrets', e.target.value)} spellCheck={false} autoComplete="off" />
          </label>
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
    </section>
  );
}
