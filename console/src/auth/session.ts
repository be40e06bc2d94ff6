// The signed-in session: one bearer token, kept in sessionStorage (per tab, gone when the tab
// closes) so a reload does not sign the user out, and never in the URL.
import { useSyncExternalStore } from 'react';

const TOKEN_KEY = 'panther.token';
const listeners = new Set<() => void>();

export type SessionState = { signedIn: true; token: string } | { signedIn: false; reason?: string };

let reason: string | undefined;

function read(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function getToken(): string | null {
  return read();
}

export function setToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
  reason = undefined;
  notify();
}

/** Forgets the token; `why` is shown on the sign-in screen (e.g. "the session expired"). */
export function signOut(why?: string): void {
  sessionStorage.removeItem(TOKEN_KEY);
  reason = why;
  notify();
}

let snapshot: SessionState = { signedIn: false };
function current(): SessionState {
  const token = read();
  const next: SessionState = token !== null && token !== '' ? { signedIn: true, token } : reason !== undefined ? { signedIn: false, reason } : { signedIn: false };
  // useSyncExternalStore needs a stable object while nothing changed.
  if (next.signedIn !== snapshot.signedIn || (next.signedIn && snapshot.signedIn && next.token !== snapshot.token) || (!next.signedIn && !snapshot.signedIn && next.reason !== snapshot.reason)) snapshot = next;
  return snapshot;
}

function notify(): void {
  for (const l of listeners) l();
}

export function useSession(): SessionState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    current,
  );
}

/**
 * Local mode: the server prints a URL whose fragment holds the token (`#token=...`). Fragments
 * never reach a server nor a Referer; the token is moved to sessionStorage and removed from the
 * address bar and history at once.
 */
export function takeTokenFromUrl(): boolean {
  const m = /^#token=([^&]+)/.exec(window.location.hash);
  if (m === null || m[1] === undefined) return false;
  const token = decodeURIComponent(m[1]);
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/`);
  setToken(token);
  return true;
}

/** The `exp` claim of a JWT in milliseconds, or undefined for opaque tokens. */
export function jwtExpiry(token: string): number | undefined {
  const part = token.split('.')[1];
  if (part === undefined) return undefined;
  try {
    const json = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof json.exp === 'number' ? json.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
