// A tiny hash router: `#/alerts/abc?status=OPEN`. Every page lives at the same server path, so
// no server-side fallback is needed and the fragment never reaches the server.
import { useSyncExternalStore } from 'react';

export interface Route {
  /** Decoded path segments: `#/alerts/abc` → ['alerts', 'abc']. */
  readonly segments: string[];
  readonly query: URLSearchParams;
  readonly path: string;
}

let cachedHash: string | undefined;
let cachedRoute: Route = parse('');

function parse(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  const segments = pathPart
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  return { segments, query: new URLSearchParams(queryPart), path: `/${segments.join('/')}` };
}

function current(): Route {
  const h = window.location.hash;
  if (h !== cachedHash) {
    cachedHash = h;
    cachedRoute = parse(h);
  }
  return cachedRoute;
}

export function useRoute(): Route {
  return useSyncExternalStore((l) => {
    window.addEventListener('hashchange', l);
    return () => window.removeEventListener('hashchange', l);
  }, current);
}

/** The href of a console page; segments are encoded (ids may hold `/`, `:` or ARNs). */
export function href(segments: readonly string[], query?: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') q.set(k, v);
  const qs = q.toString();
  return `#/${segments.map(encodeURIComponent).join('/')}${qs === '' ? '' : `?${qs}`}`;
}

export function navigate(segments: readonly string[], query?: Record<string, string | undefined>): void {
  window.location.hash = href(segments, query);
}

/**
 * The detection pages: `#/detections/new` is the editor of a new detection and `#/detections/id/<id>`
 * an existing one, so that a detection whose id is literally `new` keeps its own page.
 */
export type DetectionRoute = { readonly page: 'list' } | { readonly page: 'new' } | { readonly page: 'edit'; readonly id: string } | { readonly page: 'unknown' };

export function detectionRoute(segments: readonly string[]): DetectionRoute {
  const [, second, third, ...rest] = segments;
  if (second === undefined) return { page: 'list' };
  if (second === 'new' && third === undefined) return { page: 'new' };
  if (second === 'id' && third !== undefined && rest.length === 0) return { page: 'edit', id: third };
  return { page: 'unknown' };
}

export function detectionHref(id: string | null): string {
  return id === null ? href(['detections', 'new']) : href(['detections', 'id', id]);
}
