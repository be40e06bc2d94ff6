// Where this deployment runs and what it runs on.
import type { ReactNode } from 'react';
import type { LogTypeInfo, Settings } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { ErrorBox, Fields, Loading, Table } from '../components/common.js';

export function SettingsPage(): ReactNode {
  const s = useApi<Settings>('/api/settings');
  const logTypes = useApi<{ items: LogTypeInfo[] }>('/api/log-types');
  return (
    <section data-testid="settings-page">
      <h1>Settings</h1>
      <ErrorBox error={s.error} />
      {s.data ? (
        <div className="card">
          <Fields
            items={[
              ['Mode', s.data.mode === 'local' ? 'local (embedded)' : 'AWS'],
              ['Version', s.data.version],
              ['Query engine', s.data.engine],
              ['Data lake', <code key="lake">{s.data.lake}</code>],
              ...(s.data.region !== undefined ? ([['Region', s.data.region]] as Array<[string, ReactNode]>) : []),
            ]}
          />
        </div>
      ) : s.loading ? (
        <Loading />
      ) : null}
      <div className="card">
        <h2>Log types</h2>
        <ErrorBox error={logTypes.error} />
        {logTypes.data ? (
          <Table<LogTypeInfo>
            rows={logTypes.data.items}
            rowKey={(l) => l.name}
            columns={[
              { key: 'name', title: 'Log type' },
              { key: 'table', title: 'Table' },
              { key: 'fields', title: 'Fields', className: 'num' },
              { key: 'description', title: 'Description' },
            ]}
          />
        ) : null}
      </div>
    </section>
  );
}
