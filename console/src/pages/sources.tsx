// S3 log sources: a bucket, prefixes with the log types each may hold, the role to read it, and
// each source's health.
import { useState, type ReactNode } from 'react';
import { api, enc } from '../api/client.js';
import type { LogTypeInfo, Source, SourceHealth } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { useCan } from '../auth/me.js';
import { CrudPanel } from '../components/crud-panel.js';
import { optional, splitList, TextField } from '../components/form.js';
import { useResourceForm } from '../components/resource-form.js';
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

function toBody(d: Draft): unknown {
  return {
    label: d.label.trim(),
    bucket: d.bucket.trim(),
    prefixes: d.prefixes.map((p) => ({ prefix: p.prefix.trim(), logTypes: splitList(p.logTypes) })),
    ...optional('roleArn', d.roleArn),
    ...optional('externalId', d.externalId),
    ...optional('kmsKeyArn', d.kmsKeyArn),
  };
}

function HealthCell({ source, health, onCheck }: { source: Source; health: SourceHealth | string | undefined; onCheck: () => void }): ReactNode {
  const h = health;
  if (h === undefined)
    return (
      <button type="button" className="small" onClick={onCheck} aria-label={`Check the health of ${source.label}`}>
        Check
      </button>
    );
  if (typeof h === 'string') return <span className="fail-count">{h}</span>;
  return (
    <span className={h.healthy ? 'pass-count' : 'fail-count'} title={`last object ${formatTime(h.lastObjectTime)}, last event ${formatTime(h.lastEventTime)}`}>
      {h.healthy ? 'healthy' : `unhealthy${h.reason !== undefined ? `: ${h.reason}` : ''}`} · {h.objects24h} objects/24h · {h.unclassified24h} unclassified
    </span>
  );
}

export function SourcesPage(): ReactNode {
  const form = useResourceForm<Source, Draft>('/api/sources', toBody);
  const logTypes = useApi<{ items: LogTypeInfo[] }>('/api/log-types');
  const can = useCan();
  const [health, setHealth] = useState<Record<string, SourceHealth | string>>({});

  const checkHealth = async (s: Source): Promise<void> => {
    try {
      const h = await api<SourceHealth>(`/api/sources/${enc(s.id)}/health`);
      setHealth((m) => ({ ...m, [s.id]: h }));
    } catch (err) {
      setHealth((m) => ({ ...m, [s.id]: err instanceof Error ? err.message : String(err) }));
    }
  };
  const field = (k: Exclude<keyof Draft, 'prefixes'>) => (v: string) => form.set(k, v);
  const setPrefixes = (change: (ps: Draft['prefixes']) => Draft['prefixes']): void => form.update((d) => ({ ...d, prefixes: change(d.prefixes) }));
  const setPrefix = (i: number, k: 'prefix' | 'logTypes', v: string): void => setPrefixes((ps) => ps.map((p, j) => (j === i ? { ...p, [k]: v } : p)));

  return (
    <section data-testid="sources-page">
      <h1>Log sources</h1>
      <CrudPanel<Source, Draft>
        form={form}
        canWrite={can('POST /api/sources')}
        testId="sources-table"
        empty="No S3 sources yet."
        columns={[
          { key: 'label', title: 'Label' },
          { key: 'bucket', title: 'Bucket' },
          { key: 'prefixes', title: 'Prefixes → log types', render: (s) => s.prefixes.map((p) => `${p.prefix === '' ? '(all)' : p.prefix} → ${p.logTypes.join(', ')}`).join('; ') },
          { key: 'health', title: 'Health', render: (s) => <HealthCell source={s} health={health[s.id]} onCheck={() => void checkHealth(s)} /> },
        ]}
        rowId={(s) => s.id}
        rowName={(s) => s.label}
        toDraft={toDraft}
        confirmDelete={(s) => `Delete the source ${s.label}?`}
        addLabel="Add an S3 source"
        newDraft={() => empty}
        formTitle={(e) => (e.id === null ? 'New S3 source' : `Edit ${e.draft.label}`)}
        fields={(d) => (
          <>
            <TextField label="Label" name="label" value={d.label} onChange={field('label')} required />
            <TextField label="Bucket" name="bucket" value={d.bucket} onChange={field('bucket')} required />
            <fieldset>
              <legend>Prefixes and their log types</legend>
              <p className="muted">Each prefix of the bucket lists the log types its objects may hold (comma-separated); an empty prefix is the whole bucket.</p>
              {/* Column captions for the eye; each input carries its own accessible name. */}
              <div className="prefix-row prefix-head" aria-hidden="true">
                <span>Prefix</span>
                <span>Log types</span>
                <span className="prefix-spacer" />
              </div>
              {d.prefixes.map((p, i) => (
                <div className="prefix-row" key={i}>
                  <input aria-label={`Prefix ${i + 1}`} name={`prefix-${i}`} placeholder="prefix (empty: the whole bucket)" value={p.prefix} onChange={(e) => setPrefix(i, 'prefix', e.target.value)} />
                  <input aria-label={`Log types of prefix ${i + 1}`} name={`logTypes-${i}`} placeholder="AWS.CloudTrail, AWS.VPCFlow" value={p.logTypes} onChange={(e) => setPrefix(i, 'logTypes', e.target.value)} list="log-types" />
                  <button type="button" className="small" onClick={() => setPrefixes((ps) => ps.filter((_, j) => j !== i))} disabled={d.prefixes.length === 1} aria-label={`Remove prefix ${i + 1}`}>
                    Remove
                  </button>
                </div>
              ))}
              <button type="button" className="small" onClick={() => setPrefixes((ps) => [...ps, { prefix: '', logTypes: '' }])}>
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
            <TextField label="Read role ARN" name="roleArn" value={d.roleArn} onChange={field('roleArn')} />
            <TextField label="External ID" name="externalId" value={d.externalId} onChange={field('externalId')} />
            <TextField label="KMS key ARN" name="kmsKeyArn" value={d.kmsKeyArn} onChange={field('kmsKeyArn')} />
          </>
        )}
      />
    </section>
  );
}
