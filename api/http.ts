// What every route shares: errors as RFC 9457 application/problem+json, and zod validation of
// bodies and query strings whose failures say which field and why.
import type { Context } from 'hono';
import type { z } from 'zod';

export const PROBLEM_JSON = 'application/problem+json';

/** An error a route throws to answer with a problem document; the app's onError renders it. */
export class ProblemError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 501 | 502 | 503,
    readonly title: string,
    readonly detail?: string,
    /** Field-level problems: `{ path: "body.severity", message: "..." }`. */
    readonly errors?: ReadonlyArray<{ path: string; message: string }>,
  ) {
    super(detail ?? title);
    this.name = 'ProblemError';
  }
}

export const notFound = (what: string): ProblemError => new ProblemError(404, 'Not Found', `${what} not found`);

/** Renders a problem document. `instance` is the request path. */
export function problem(c: Context, err: ProblemError): Response {
  const body: Record<string, unknown> = { type: 'about:blank', title: err.title, status: err.status, instance: c.req.path };
  if (err.detail !== undefined) body.detail = err.detail;
  if (err.errors !== undefined) body.errors = err.errors;
  return new Response(JSON.stringify(body), { status: err.status, headers: { 'content-type': PROBLEM_JSON } });
}

/** Parses `input` with `schema`; on failure a 400 problem lists each issue as `<where>.<path>: message`. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query' | 'params'): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const errors = r.error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message }));
  throw new ProblemError(400, 'Invalid request', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
}

/** The JSON body of a request; a body that is not JSON is a 400, not a 500. */
export async function jsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new ProblemError(400, 'Invalid request', 'body: expected a JSON document');
  }
}

/** A page of a list endpoint: `next` is the opaque cursor of the following page, absent on the last. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly next?: string;
}
