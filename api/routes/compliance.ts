// Cloud security compliance (api-routes.md "Compliance"): state, policies, resources, remediation
// (a dry run unless the body says dryRun: false) and suppressions.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AuthVariables } from '../auth.js';
import { jsonBody, validate } from '../http.js';
import { assertRole } from '../roles.js';
import { ComplianceService, type ComplianceServiceOptions } from '../services/compliance.js';

/** The compliance store, the policies, the latest resource snapshots, and (optionally) remediation credentials. */
export interface ComplianceDeps extends ComplianceServiceOptions {}

const status = z.enum(['PASS', 'FAIL', 'ERROR']).optional();
const limit = z.coerce.number().int('must be an integer').min(1, 'must be >= 1').max(1000, 'must be <= 1000');
const cursor = z.string().min(1, 'must not be empty').max(2048, 'too long').optional();

const PolicyQuery = z.strictObject({ status, limit: limit.default(100), cursor });
const ResourcesQuery = z.strictObject({
  resourceType: z.string().min(1, 'must not be empty').optional(),
  accountId: z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id').optional(),
  status,
  limit: limit.default(100),
  cursor,
});
const RemediateBody = z.strictObject({
  policyId: z.string().min(1, 'must not be empty'),
  resourceId: z.string().min(1, 'must not be empty'),
  dryRun: z.boolean().default(true),
});
const SuppressBody = z.strictObject({
  policyId: z.string().min(1, 'must not be empty'),
  // Panther's Suppressions: resource ids with `*` wildcards.
  resourcePattern: z.string().min(1, 'must not be empty').max(2048, 'at most 2048 characters'),
  reason: z.string().max(1000, 'at most 1000 characters').optional(),
});

export function complianceRoutes(deps: ComplianceDeps): Hono {
  const compliance = new ComplianceService(deps);
  const app = new Hono();

  app.get('/compliance/overview', async (c) => c.json(await compliance.overview()));

  app.get('/compliance/policies', async (c) => c.json({ items: await compliance.policies() }));

  app.get('/compliance/policies/:policyId', async (c) => {
    const q = validate(PolicyQuery, c.req.query(), 'query');
    return c.json(await compliance.policy(c.req.param('policyId'), q));
  });

  app.get('/compliance/resources', async (c) => c.json(await compliance.resources(validate(ResourcesQuery, c.req.query(), 'query'))));

  // Resource ids are ARNs: URL-encoded in the path, but an unencoded `/` is accepted too.
  app.get('/compliance/resources/:resourceId{.+}', async (c) => c.json(await compliance.resource(c.req.param('resourceId'))));

  app.post('/compliance/remediate', async (c) => {
    const body = validate(RemediateBody, await jsonBody(c), 'body');
    // The route table lets analysts dry-run; changing a monitored account is for admins.
    if (!body.dryRun) assertRole(c, 'admin', 'applying a remediation (dryRun: false)');
    return c.json(await compliance.remediate(body));
  });

  app.post('/compliance/suppress', async (c) => {
    const body = validate(SuppressBody, await jsonBody(c), 'body');
    return c.json(await compliance.suppress(body, (c.var as Partial<AuthVariables>).principal?.username), 201);
  });

  return app;
}
