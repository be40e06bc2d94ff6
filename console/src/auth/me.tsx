// Who is signed in: `GET /api/me`, loaded once per session (per token), shared through a context
// so every page asks `useCan()` instead of fetching it again.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { api } from '../api/client.js';
import type { Me } from '../api/types.js';
import { APPLY_REMEDIATION_ROLE, isRole, roleAllows, roleCan, type ConsoleRoute, type Role } from './roles.js';

export interface MeState {
  /** undefined while loading. */
  me: Me | undefined;
  error: unknown;
}

const MeContext = createContext<MeState>({ me: undefined, error: undefined });

/** Loads /api/me whenever `sessionKey` (the token) changes; children render once it is known (or failed). */
export function MeProvider({ sessionKey, children }: { sessionKey: string; children: ReactNode }): ReactNode {
  const [state, setState] = useState<MeState>({ me: undefined, error: undefined });
  useEffect(() => {
    const ac = new AbortController();
    setState({ me: undefined, error: undefined });
    api<Me>('/api/me', { signal: ac.signal }).then(
      (me) => setState({ me: { username: String(me.username), role: isRole(me.role) ? me.role : 'read-only' }, error: undefined }),
      (error: unknown) => {
        if (!ac.signal.aborted) setState({ me: undefined, error });
      },
    );
    return () => ac.abort();
  }, [sessionKey]);
  return <MeContext.Provider value={state}>{children}</MeContext.Provider>;
}

export function useMe(): MeState {
  return useContext(MeContext);
}

/**
 * The signed-in role. Unknown (still loading, or /api/me failed) counts as read-only: the console
 * fails closed and shows less, never more.
 */
export function useRole(): Role {
  return useContext(MeContext).me?.role ?? 'read-only';
}

export interface Can {
  (route: ConsoleRoute): boolean;
  applyRemediation: boolean;
}

/** `can('POST /api/sources')`: whether the signed-in role may send that request. */
export function useCan(): Can {
  const role = useRole();
  const can = ((route: ConsoleRoute) => roleCan(role, route)) as Can;
  can.applyRemediation = roleAllows(role, APPLY_REMEDIATION_ROLE);
  return can;
}
