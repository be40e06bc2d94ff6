// What the signed-in role may do, so the console hides what the API would refuse. The API is the
// authority (it answers 403 whatever the console shows); this only spares users buttons that fail.
// Pure (no DOM, no React) so a test can compare it with the server's table.

/** Lowest first, as api/roles.ts: the order is the privilege order. */
export const ROLES = ['read-only', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether `have` is at least `need`. */
export function roleAllows(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

/**
 * The role each write the console sends needs. It MIRRORS api/route-roles.ts (ROUTE_ROLES), the
 * subset of its keys the console calls besides the reads: change both together
 * (tests/e2e/console-roles.test.ts checks every entry here against the server's table).
 */
export const CONSOLE_ROUTE_ROLES = {
  'PATCH /api/alerts/:id': 'analyst',
  'POST /api/alerts/:id/resend': 'analyst',

  'POST /api/detections': 'analyst',
  'PUT /api/detections/:id': 'analyst',
  'PATCH /api/detections/:id': 'analyst',
  'DELETE /api/detections/:id': 'analyst',
  'POST /api/detections/test': 'analyst',

  'POST /api/queries': 'read-only',
  'DELETE /api/queries/:id': 'read-only',
  'POST /api/saved-queries': 'analyst',
  'DELETE /api/saved-queries/:id': 'analyst',

  'POST /api/sources': 'admin',
  'PUT /api/sources/:id': 'admin',
  'DELETE /api/sources/:id': 'admin',

  'POST /api/cloud-accounts': 'admin',
  'PUT /api/cloud-accounts/:id': 'admin',
  'DELETE /api/cloud-accounts/:id': 'admin',

  'POST /api/compliance/remediate': 'analyst',
  'POST /api/compliance/suppress': 'analyst',

  'POST /api/destinations': 'admin',
  'PUT /api/destinations/:id': 'admin',
  'DELETE /api/destinations/:id': 'admin',
  'POST /api/destinations/:id/test': 'admin',

  'GET /api/users': 'admin',
  'POST /api/users': 'admin',
  'PATCH /api/users/:username': 'admin',
  'DELETE /api/users/:username': 'admin',
} as const satisfies Record<string, Role>;

export type ConsoleRoute = keyof typeof CONSOLE_ROUTE_ROLES;

/** Applying a remediation (`dryRun: false`): the route checks it from the body (api/routes/compliance.ts), not the table. */
export const APPLY_REMEDIATION_ROLE: Role = 'admin';

/** Whether `role` may send `route`. */
export function roleCan(role: Role, route: ConsoleRoute): boolean {
  return roleAllows(role, CONSOLE_ROUTE_ROLES[route]);
}
