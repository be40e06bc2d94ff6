// fetch for the API: the bearer token, JSON in and out, problem+json errors as ApiError. A 401
// ends the session (the sign-in screen shows why).
import { getToken, signOut } from '../auth/session.js';

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: Array<{ path: string; message: string }>;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }
  get status(): number {
    return this.problem.status;
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  const token = getToken();
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  const res = await fetch(path, { method: init.method ?? 'GET', headers, body, signal: init.signal, credentials: 'omit', cache: 'no-store' });
  if (res.status === 401) {
    signOut('The session ended or the token was not accepted: sign in again.');
    throw new ApiError({ title: 'Unauthorized', status: 401 });
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const p = (json ?? {}) as Partial<Problem>;
    throw new ApiError({ title: typeof p.title === 'string' ? p.title : res.statusText || 'Request failed', status: res.status, ...(typeof p.detail === 'string' ? { detail: p.detail } : {}), ...(Array.isArray(p.errors) ? { errors: p.errors } : {}) });
  }
  return json as T;
}

/** A query string from the defined, non-empty values. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s === '' ? '' : `?${s}`;
}

export const enc = encodeURIComponent;
