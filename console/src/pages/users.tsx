// Console users: Cognito on AWS; locally the single local user (invites answer 501).
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, enc } from '../api/client.js';
import type { Settings, User } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { ErrorBox, Loading, Table } from '../components/common.js';
import { formatTime } from '../format.js';

export function UsersPage(): ReactNode {
  const list = useApi<{ items: User[] }>('/api/users');
  const settings = useApi<Settings>('/api/settings');
  // Locally the token's holder is the only user: nothing to invite or delete.
  const local = settings.data?.mode === 'local';
  const manage = settings.data?.mode === 'aws';
  const [email, setEmail] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [note, setNote] = useState<string | undefined>(undefined);

  const invite = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(undefined);
    setNote(undefined);
    try {
      await api('/api/users', { method: 'POST', body: { email: email.trim() } });
      setNote(`Invited ${email.trim()}: Cognito emails a temporary password.`);
      setEmail('');
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  const remove = async (u: User): Promise<void> => {
    if (!window.confirm(`Delete the user ${u.email ?? u.username}?`)) return;
    try {
      await api(`/api/users/${enc(u.username)}`, { method: 'DELETE' });
      list.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section data-testid="users-page">
      <h1>Users</h1>
      {local ? (
        <p className="notice" data-testid="users-local-note">
          Users are managed in Cognito on AWS: a deployment invites them here and they sign in through its Cognito user pool. This
          console runs in local mode, where there is a single user, the holder of the token the server printed at start.
        </p>
      ) : null}
      <ErrorBox error={list.error ?? settings.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <Table<User>
          rows={list.data.items}
          rowKey={(u) => u.username}
          columns={[
            { key: 'username', title: 'User' },
            { key: 'email', title: 'Email' },
            { key: 'status', title: 'Status' },
            { key: 'enabled', title: 'Enabled', render: (u) => (u.enabled ? 'yes' : 'no') },
            { key: 'createdAt', title: 'Created', render: (u) => formatTime(u.createdAt) },
            ...(manage
              ? [
                  {
                    key: 'actions',
                    title: 'Actions',
                    render: (u: User) => (
                      <button type="button" className="small danger" onClick={() => void remove(u)} aria-label={`Delete ${u.email ?? u.username}`}>
                        Delete
                      </button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      ) : null}
      {manage ? (
        <form className="card form" onSubmit={(e) => void invite(e)}>
          <h2>Invite a user</h2>
          <label className="field">
            <span>Email</span>
            <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} name="email" />
          </label>
          <button type="submit" className="primary">
            Invite
          </button>
          {note !== undefined ? <p className="ok">{note}</p> : null}
          <ErrorBox error={error} />
        </form>
      ) : null}
    </section>
  );
}
