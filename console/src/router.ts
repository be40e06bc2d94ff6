// A tiny hash router: `#/alerts/abc?status=OPEN`. Every page lives at the same server path, so
// no server-side fallback is needed and the fragment never reaches the server.
import { useSyncExternalStore } from 'react';
import { href } from './paths.js';

export { detectionHref, detectionRoute, href, type DetectionRoute } from './paths.js';

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

export function navigate(segments: readonly string[], query?: Record<string, string | undefined>): void {
  window.location.hash = href(segments, query);
}
