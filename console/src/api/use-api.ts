// Loading one API resource into a component, with reload and cancellation on unmount.
import { useCallback, useEffect, useState } from 'react';
import { api } from './client.js';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** GET `path` (null: nothing to load yet); reloads when the path changes. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) return;
    const ac = new AbortController();
    setLoading(true);
    setError(undefined);
    api<T>(path, { signal: ac.signal }).then(
      (d) => {
        setData(d);
        setLoading(false);
      },
      (e: unknown) => {
        if (ac.signal.aborted) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => ac.abort();
  }, [path, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}
