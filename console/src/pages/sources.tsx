// S3 log sources: a bucket, prefixes with the log types each may hold, the role to read it, and
// each source's health.
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, enc } from '../api/client.js';
import type { LogTypeInfo, Source, SourceHealth } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { ErrorBox, Loading, Table } from '../components/common.js';
import { optional, splitList, TextField } from '../components/form.js';
import { formatTime } from '../format.js';

interface Draft {
  label: string;
  bucket: string;
  prefixes: Array<{ prefix: string; logTypes: string }>;
  roleArn: string;
  externalId: string;
  kmsKeyArn: string;
}

const empty: Draft = { label: '', bucket: '', prefixes: [{ prefix: '', logTypes: '' }], roleArn: '', externalId: '', kmsKeyArn: '' };

function toDraft(s: Source): Draft {
  return { label: s.label, bucket: s.bucket, prefixes: s.prefixes.map((p) => ({ prefix: p.prefix, logTypes: p.logTypes.join(', ') })), roleArn: s.roleArn ?? '', externalId: s.externalId ?? '', kmsKeyArn: s.kmsKeyArn ?? '' };
}

export function SourcesPage(): ReactNode {
  const list = useApi<{ items: Source[] }>('/api/sources');
  const logTypes = useApi<{ items: LogTypeInfo[] }>('/api/log-types');
  const [editing, setEditing] = useState<{ id: string | null; draft: Draft } | undefined>(undefined);
  const [health, setHealth] = useState<Record<string, SourceHealth | string>>({});
  const [error, setError] = useState<unknown>(undefined);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!editing) return;
    const d = editing.draft;
    const body = {
      label: d.label.trim(),
      bucket: d.bucket.trim(),
      prefixes: d.prefixes.map((p) => ({ prefix: p.prefix.trim(), logTypes: splitList(p.logTypes) })),
      ...optional('roleArn', d.roleArn),
      ...optional('externalId', d.externalId),
      ...optional('kmsKeyArn', d.kmsKeyArn),
    };
    setError(undefined);
    try {
      await api(editing.id === null ? '/api/sources' : `/api/sources/${enc(editing.id)}`, { method: editing.id === null ? 'POST' : 'PUT', body });
      setEditing(undefined);
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  const remove = async (s: Source): Promise<void> => {
    if (!window.confirm(`Delete the source ${s.label}?`)) return;
    try {
      await api(`/api/sources/${enc(s.id)}`, { method: 'DELETE' });
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  const checkHealth = async (s: Source): Promise<void> => {
    try {
      const h = await api<SourceHealth>(`/api/sources/${enc(s.id)}/health`);
      setHealth((m) => ({ ...m, [s.id]: h }));
    } catch (err) {
      setHealth((m) => ({ ...m, [s.id]: err instanceof Error ? err.message : String(err) }));
    }
  };
  const setField = (k: Exclude<keyof Draft, 'prefixes'>) => (v: string) => setEditing((e) => e && { ...e, draft: { ...e.draft, [k]: v } });
  const setPrefix = (i: number, k: 'prefix' | 'logTypes', v: string): void =>
    setEditing((e) => e && { ...e, draft: { ...e.draft, prefixes: e.draft.prefixes.map((p, j) => (j === i ? { ...p, [k]: v } : p)) } });

  return (
    <section data-testid="sources-page">
      <h1>Log sources</h1>
      <ErrorBox error={list.error ?? error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <Table<Source>
          testId="sources-table"
          rows={list.data.items}
          rowKey={(s) => s.id}
          empty="No S3 sources yet."
          columns={[
            { key: 'label', title: 'Label' },
            { key: 'bucket', title: 'Bucket' },
            { key: 'prefixes', title: 'Prefixes → log types', render: (s) => s.prefixes.map((p) => `${p.prefix === '' ? '(all)' : p.prefix} → ${p.logTypes.join(', ')}`).join('; ') },
            {
              key: 'health',
              title: 'Health',
              render: (s) => {
                const h = health[s.id];
                if (h === undefined)
                  return (
                    <button type="button" className="small" onClick={() => void checkHealth(s)} aria-label={`Check the health of ${s.label}`}>
                      Check
                    </button>
                  );
                if (typeof h === 'string') return <span className="fail-count">{h}</span>;
                return (
                  <span className={h.healthy ? 'pass-count' : 'fail-count'} title={`last object ${formatTime(h.lastObjectTime)}, last event ${formatTime(h.lastEventTime)}`}>
                    {h.healthy ? 'healthy' : `unhealthy${h.reason !== undefined ? `: ${h.reason}` : ''}`} · {h.objects24h} objects/24h · {h.unclassified24h} unclassified
                  </span>
                );
              },
            },
            {
              key: 'actions',
              title: 'Actions',
              render: (s) => (
                <span className="actions">
                  <button type="button" className="small" onClick={() => setEditing({ id: s.id, draft: toDraft(s) })} aria-label={`Edit ${s.label}`}>
                    Edit
                  </button>
                  <button type="button" className="small danger" onClick={() => void remove(s)} aria-label={`Delete ${s.label}`}>
                    Delete
                  </button>
                </span>
              ),
            },
          ]}
        />
      ) : null}
      {editing === undefined ? (
        <button type="button" className="primary" onClick={() => setEditing({ id: null, draft: empty })}>
          Add an S3 source
        </button>
      ) : (
        <form className="card form" onSubmit={(e) => void submit(e)} aria-label={editing.id === null ? 'New S3 source' : `Edit ${editing.draft.label}`}>
          <h2>{editing.id === null ? 'New S3 source' : `Edit ${editing.draft.label}`}</h2>
          <TextField label="Label" name="label" value={editing.draft.label} onChange={setField('label')} required />
          <TextField label="Bucket" name="bucket" value={editing.draft.bucket} onChange={setField('bucket')} required />
          <fieldset>
            <legend>Prefixes and their log types</legend>
            <p className="muted">Each prefix of the bucket lists the log types its objects may hold (comma-separated); an empty prefix is the whole bucket.</p>
            {/* Column captions for the eye; each input carries its own accessible name. */}
            <div className="prefix-row prefix-head" aria-hidden="true">
              <span>Prefix</span>
              <span>Log types</span>
              <span className="prefix-spacer" />
            </div>
            {editing.draft.prefixes.map((p, i) => (
              <div className="prefix-row" key={i}>
                <input aria-label={`Prefix ${i + 1}`} name={`prefix-${i}`} placeholder="prefix (empty: the whole bucket)" value={p.prefix} onChange={(e) => setPrefix(i, 'prefix', e.target.value)} />
                <input aria-label={`Log types of prefix ${i + 1}`} name={`logTypes-${i}`} placeholder="AWS.CloudTrail, AWS.VPCFlow" value={p.logTypes} onChange={(e) => setPrefix(i, 'logTypes', e.target.value)} list="log-types" />
                <button type="button" className="small" onClick={() => setEditing((e) => e && { ...e, draft: { ...e.draft, prefixes: e.draft.prefixes.filter((_, j) => j !== i) } })} disabled={editing.draft.prefixes.length === 1} aria-label={`Remove prefix ${i + 1}`}>
                  Remove
                </button>
              </div>
            ))}
            <button type="button" className="small" onClick={() => setEditing((e) => e && { ...e, draft: { ...e.draft, prefixes: [...e.draft.prefixes, { prefix: '', logTypes: '' }] } })}>
              Add a prefix
            </button>
            <datalist id="log-types">
              {(logTypes.data?.items ?? []).map((l) => (
                <option key={l.name} value={l.name}>
                  {l.description}
                </option>
              ))}
            </datalist>
          </fieldset>
          <TextField label="Read role ARN" name="roleArn" value={editing.draft.roleArn} onChange={setField('roleArn')} />
          <TextField label="External ID" name="externalId" value={editing.draft.externalId} onChange={setField('externalId')} />
          <TextField label="KMS key ARN" name="kmsKeyArn" value={editing.draft.kmsKeyArn} onChange={setField('kmsKeyArn')} />
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
