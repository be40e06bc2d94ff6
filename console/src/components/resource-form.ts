// The state of a configuration page: its list, the form being edited (a new resource or an
// existing one), and save/delete against the collection, whose problem+json errors the page shows.
import { useCallback, useState, type FormEvent } from 'react';
import { api, enc } from '../api/client.js';
import { useApi, type Loaded } from '../api/use-api.js';

export interface Editing<D> {
  /** null: a new resource (POST to the collection); otherwise PUT to its own path. */
  id: string | null;
  draft: D;
}

export interface ResourceForm<T, D> {
  list: Loaded<{ items: T[] }>;
  editing: Editing<D> | undefined;
  /** The last failed save or delete; cleared when a save starts. */
  error: unknown;
  open: (id: string | null, draft: D) => void;
  close: () => void;
  update: (change: (draft: D) => D) => void;
  set: <K extends keyof D>(key: K, value: D[K]) => void;
  submit: (e: FormEvent) => Promise<void>;
  /** DELETE after the user confirms `question`. */
  remove: (id: string, question: string) => Promise<void>;
}

/**
 * `collection` is the API path of the list (`/api/sources`); `toBody` turns the draft into the
 * request body and may throw to refuse it (the message is shown like an API error).
 */
export function useResourceForm<T, D>(collection: string, toBody: (draft: D, id: string | null) => unknown): ResourceForm<T, D> {
  const list = useApi<{ items: T[] }>(collection);
  const [editing, setEditing] = useState<Editing<D> | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const { reload } = list;

  const open = useCallback((id: string | null, draft: D) => setEditing({ id, draft }), []);
  const close = useCallback(() => setEditing(undefined), []);
  const update = useCallback((change: (draft: D) => D) => setEditing((e) => e && { ...e, draft: change(e.draft) }), []);
  const set = useCallback(<K extends keyof D>(key: K, value: D[K]) => update((d) => ({ ...d, [key]: value })), [update]);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!editing) return;
    setError(undefined);
    try {
      const body = toBody(editing.draft, editing.id);
      await api(editing.id === null ? collection : `${collection}/${enc(editing.id)}`, { method: editing.id === null ? 'POST' : 'PUT', body });
      setEditing(undefined);
      reload();
    } catch (err) {
      setError(err);
    }
  };
  const remove = async (id: string, question: string): Promise<void> => {
    if (!window.confirm(question)) return;
    try {
      await api(`${collection}/${enc(id)}`, { method: 'DELETE' });
      reload();
    } catch (err) {
      setError(err);
    }
  };
  return { list, editing, error, open, close, update, set, submit, remove };
}
