// The console's addresses (hash routes), without the browser: the router and Node tests share them.

/** The href of a console page; segments are encoded (ids may hold `/`, `:` or ARNs). */
export function href(segments: readonly string[], query?: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') q.set(k, v);
  const qs = q.toString();
  return `#/${segments.map(encodeURIComponent).join('/')}${qs === '' ? '' : `?${qs}`}`;
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
