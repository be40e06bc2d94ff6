// Console users and their roles: Cognito on AWS (invite, change the role, delete); locally the
// single local user, an admin (the API answers 501 to changes). The whole page is admin-only, as
// GET /api/users is.
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, enc } from '../api/client.js';
import type { Settings, User } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { useCan } from '../auth/me.js';
import { ROLES, type Role } from '../auth/roles.js';
import { ErrorBox, Loading, Table } from '../components/common.js';
import { formatTime } from '../format.js';

const DEFAULT_INVITE_ROLE: Role = 'read-only';

function RoleSelect({ value, onChange, name, label }: { value: Role; onChange: (r: Role) => void; name: string; label?: string }): ReactNode {
  return (
    <select name={name} value={value} onChange={(e) => onChange(e.target.value as Role)} aria-label={label}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </select>
  );
}

export function UsersPage(): ReactNode {
  const can = useCan();
  const admin = can('GET /api/users');
  const list = useApi<{ items: User[] }>(admin ? '/api/users' : null);
  const settings = useApi<Settings>(admin ? '/api/settings' : null);
  // Locally the token's holder is the only user: nothing to invite, change or delete.
  const local = settings.data?.mode === 'local';
  const manage = settings.data?.mode === 'aws';
  const [email, setEmail] = useState('');
  const [inviteRole, setInviteRole] = useState<Role>(DEFAULT_INVITE_ROLE);
  const [error, setError] = useState<unknown>(undefined);
  const [note, setNote] = useState<string | undefined>(undefined);

  const invite = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(undefined);
    setNote(undefined);
    try {
      await api('/api/users', { method: 'POST', body: { email: email.trim(), role: inviteRole } });
      setNote(`Invited ${email.trim()} as ${inviteRole}: Cognito emails a temporary password.`);
      setEmail('');
      setInviteRole(DEFAULT_INVITE_ROLE);
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  const changeRole = async (u: User, role: Role): Promise<void> => {
    setError(undefined);
    setNote(undefined);
    try {
      const r = await api<{ username: string; role: Role }>(`/api/users/${enc(u.username)}`, { method: 'PATCH', body: { role } });
      setNote(`${u.email ?? u.username} is now ${r.role}.`);
    } catch (err) {
      // (e.g. 409: an admin cannot demote themself) the problem's detail says why.
      setError(err);
    }
    // Either way the list shows the role the server holds.
    list.reload();
  };
  const remove = async (u: User): Promise<void> => {
    if (!window.confirm(`Delete the user ${u.email ?? u.username}?`)) return;
    setError(undefined);
    setNote(undefined);
    try {
      await api(`/api/users/${enc(u.username)}`, { method: 'DELETE' });
      list.reload();
    } catch (err) {
      setError(err);
    }
  };

  if (!admin) {
    return (
      <section data-testid="users-page">
        <h1>Users</h1>
        <p className="notice" data-testid="users-admin-only">
          Managing users needs the admin role.
        </p>
      </section>
    );
  }

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
      {note !== undefined ? (
        <p className="ok" role="status">
          {note}
        </p>
      ) : null}
      <ErrorBox error={error} />
      {list.data ? (
        <Table<User>
          testId="users-table"
          rows={list.data.items}
          rowKey={(u) => u.username}
          columns={[
            { key: 'username', title: 'User' },
            { key: 'email', title: 'Email' },
            { key: 'status', title: 'Status' },
            { key: 'enabled', title: 'Enabled', render: (u) => (u.enabled ? 'yes' : 'no') },
            {
              key: 'role',
              title: 'Role',
              render: (u) =>
                manage && can('PATCH /api/users/:username') ? (
                  <RoleSelect name={`role-${u.username}`} label={`Role of ${u.email ?? u.username}`} value={u.role} onChange={(r) => void changeRole(u, r)} />
                ) : (
                  u.role
                ),
            },
            { key: 'createdAt', title: 'Created', render: (u) => formatTime(u.createdAt) },
            ...(manage && can('DELETE /api/users/:username')
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
      {manage && can('POST /api/users') ? (
        <form className="card form" onSubmit={(e) => void invite(e)} aria-label="Invite a user">
          <h2>Invite a user</h2>
          <label className="field">
            <span>Email</span>
            <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} name="email" />
          </label>
          <label className="field">
            <span>Role</span>
            <RoleSelect name="role" value={inviteRole} onChange={setInviteRole} />
          </label>
          <button type="submit" className="primary">
            Invite
          </button>
        </form>
      ) : null}
    </section>
  );
}
