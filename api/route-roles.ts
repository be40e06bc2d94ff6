// The role each API route needs, in one table keyed by `METHOD /path-pattern` (the pattern as the
// route declares it, without Hono's `{regex}` suffixes). The app enforces it in one middleware
// (enforceRoles); tests/api/roles.test.ts checks that the table and the app's routes are the same
// set, and docs/api.md shows the same column. A route missing from the table needs admin.
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { isPublicPath } from './auth.js';
import { forbidden, roleAllows, roleOf, type Role } from './roles.js';

export const ROUTE_ROLES: Readonly<Record<string, Role>> = {
  // Reading is open to every role.
  'GET /api/health': 'read-only',
  'GET /api/me': 'read-only',
  'GET /api/settings': 'read-only',
  'GET /api/overview': 'read-only',
  'GET /api/log-types': 'read-only',

  'GET /api/alerts': 'read-only',
  'GET /api/alerts/:id': 'read-only',
  // Triage.
  'PATCH /api/alerts/:id': 'analyst',
  'POST /api/alerts/:id/resend': 'analyst',

  'GET /api/detections': 'read-only',
  'GET /api/detections/:id': 'read-only',
  'POST /api/detections': 'analyst',
  'PUT /api/detections/:id': 'analyst',
  'PATCH /api/detections/:id': 'analyst',
  'DELETE /api/detections/:id': 'analyst',
  // Tests run detection code: writing detections and running it go together.
  'POST /api/detections/test': 'analyst',
  'POST /api/detections/:id/test': 'analyst',
  'POST /api/detections/upload': 'analyst',

  // Queries are reads, even though starting and cancelling one are a POST and a DELETE.
  'POST /api/queries': 'read-only',
  'GET /api/queries/:id': 'read-only',
  'DELETE /api/queries/:id': 'read-only',
  'GET /api/tables': 'read-only',
  'GET /api/saved-queries': 'read-only',
  'POST /api/saved-queries': 'analyst',
  'GET /api/saved-queries/:id': 'read-only',
  'PUT /api/saved-queries/:id': 'analyst',
  'DELETE /api/saved-queries/:id': 'analyst',

  'GET /api/sources': 'read-only',
  'POST /api/sources': 'admin',
  'GET /api/sources/:id': 'read-only',
  'PUT /api/sources/:id': 'admin',
  'DELETE /api/sources/:id': 'admin',
  'GET /api/sources/:id/health': 'read-only',

  'GET /api/cloud-accounts': 'read-only',
  'POST /api/cloud-accounts': 'admin',
  'GET /api/cloud-accounts/:id': 'read-only',
  'PUT /api/cloud-accounts/:id': 'admin',
  'DELETE /api/cloud-accounts/:id': 'admin',

  'GET /api/compliance/overview': 'read-only',
  'GET /api/compliance/policies': 'read-only',
  'GET /api/compliance/policies/:policyId': 'read-only',
  'GET /api/compliance/resources': 'read-only',
  'GET /api/compliance/resources/:resourceId': 'read-only',
  // A dry run; applying (`dryRun: false`) also needs admin, checked by the route since it depends on the body.
  'POST /api/compliance/remediate': 'analyst',
  'POST /api/compliance/suppress': 'analyst',

  'GET /api/destinations': 'read-only',
  'POST /api/destinations': 'admin',
  'GET /api/destinations/:id': 'read-only',
  'PUT /api/destinations/:id': 'admin',
  'DELETE /api/destinations/:id': 'admin',
  'POST /api/destinations/:id/test': 'admin',

  // The users' emails are personal data: only the admins who manage them see the list.
  'GET /api/users': 'admin',
  'POST /api/users': 'admin',
  'PATCH /api/users/:username': 'admin',
  'DELETE /api/users/:username': 'admin',
};

/** The table's key of a route as Hono lists it (`:resourceId{.+}` -> `:resourceId`). */
export function routeKey(method: string, path: string): string {
  return `${method} ${path.replace(/\{[^}]*\}/g, '')}`;
}

/** The role a route needs: unknown routes need admin (fail closed). */
export function requiredRole(method: string, path: string): Role {
  return ROUTE_ROLES[routeKey(method, path)] ?? 'admin';
}

/**
 * The middleware that enforces the table, mounted once after authentication. It looks up the
 * handler Hono matched for the request; a request no route matches goes on to the 404.
 */
export function enforceRoles(): MiddlewareHandler {
  return async (c, next) => {
    if (isPublicPath(c.req.path)) return next();
    const handler = matchedRoutes(c).find((r) => r.method !== 'ALL');
    if (handler === undefined) return next();
    const need = requiredRole(handler.method, handler.path);
    if (!roleAllows(roleOf(c), need)) throw forbidden(need, `${handler.method} ${handler.path.replace(/\{[^}]*\}/g, '')}`);
    return next();
  };
}
