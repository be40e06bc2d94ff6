// Detections: the list, one detection, create/edit/enable/delete user detections, run tests (saved
// or unsaved), and import a `panther analysis zip` bundle.
import { Hono } from 'hono';
import { z } from 'zod';
import { SEVERITIES } from '../../detections/types.js';
import { jsonBody, notFound, ProblemError, validate } from '../http.js';
import type { DetectionsRepo } from '../services/detections-repo.js';

export interface DetectionsDeps {
  readonly repo: DetectionsRepo;
  /** Largest accepted upload (default 10 MB). */
  readonly maxUploadBytes?: number;
}

const ListQuery = z.strictObject({
  type: z.enum(['rule', 'scheduled_rule', 'policy']).optional(),
  enabled: z.enum(['true', 'false'], { message: 'expected true or false' }).optional(),
  logType: z.string().min(1).optional(),
  severity: z.string().transform((s) => s.toUpperCase()).pipe(z.enum(SEVERITIES)).optional(),
  q: z.string().max(200).optional(),
});

const MAX_SOURCE = 1_000_000;
const Language = z.enum(['python', 'typescript']);
const CreateBody = z.strictObject({
  yaml: z.string().min(1, 'must not be empty').max(MAX_SOURCE),
  body: z.string().max(MAX_SOURCE).optional(),
  language: Language.optional(),
});
const UpdateBody = z.strictObject({ yaml: z.string().min(1, 'must not be empty').max(MAX_SOURCE), body: z.string().max(MAX_SOURCE).optional() });
const TestBody = z.strictObject({ yaml: z.string().min(1, 'must not be empty').max(MAX_SOURCE), body: z.string().max(MAX_SOURCE).optional(), language: Language.optional() });
const EnabledBody = z.strictObject({ enabled: z.boolean() });
// Panther forbids <, >, &, " and % in ids; the length bound keeps URLs sane.
const IdParam = z.strictObject({ id: z.string().min(1).max(512).regex(/^[^<>&"%]+$/, 'not a valid detection id') });

export function detectionsRoutes(deps: DetectionsDeps): Hono {
  const repo = deps.repo;
  const maxUpload = deps.maxUploadBytes ?? 10 * 1024 * 1024;
  const app = new Hono();

  app.get('/detections', async (c) => {
    const q = validate(ListQuery, c.req.query(), 'query');
    const needle = q.q?.toLowerCase();
    const items = (await repo.list())
      .filter((d) => q.type === undefined || d.type === q.type)
      .filter((d) => q.enabled === undefined || d.enabled === (q.enabled === 'true'))
      .filter((d) => q.logType === undefined || (d.logTypes ?? []).includes(q.logType))
      .filter((d) => q.severity === undefined || d.severity === q.severity)
      .filter((d) => needle === undefined || [d.id, d.displayName ?? '', d.description ?? '', ...(d.tags ?? [])].some((s) => s.toLowerCase().includes(needle)))
      .map(({ description: _description, ...rest }) => rest);
    return c.json({ items });
  });

  // Registered before /detections/:id so that these literal paths win.
  app.post('/detections/test', async (c) => {
    const body = validate(TestBody, await jsonBody(c), 'body');
    return c.json(await repo.testDraft(body));
  });

  app.post('/detections/upload', async (c) => {
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/(zip|x-zip-compressed|octet-stream)\b/i.test(type)) {
      throw new ProblemError(400, 'Invalid request', 'body: expected an application/zip body', [{ path: 'body', message: 'expected an application/zip body' }]);
    }
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > maxUpload) throw new ProblemError(413, 'Payload Too Large', `at most ${maxUpload} bytes`);
    const bytes = Buffer.from(await c.req.arrayBuffer());
    if (bytes.length > maxUpload) throw new ProblemError(413, 'Payload Too Large', `at most ${maxUpload} bytes`);
    if (bytes.length === 0) throw new ProblemError(400, 'Invalid request', 'body: empty', [{ path: 'body', message: 'empty' }]);
    return c.json(await repo.upload(bytes));
  });

  app.get('/detections/:id', async (c) => {
    const { id } = validate(IdParam, c.req.param(), 'params');
    const d = await repo.get(id);
    if (d === undefined) throw notFound(`detection ${id}`);
    return c.json(d);
  });

  app.post('/detections', async (c) => {
    const body = validate(CreateBody, await jsonBody(c), 'body');
    return c.json(await repo.create(body), 201);
  });

  app.put('/detections/:id', async (c) => {
    const { id } = validate(IdParam, c.req.param(), 'params');
    const body = validate(UpdateBody, await jsonBody(c), 'body');
    return c.json(await repo.update(id, body));
  });

  app.patch('/detections/:id', async (c) => {
    const { id } = validate(IdParam, c.req.param(), 'params');
    const { enabled } = validate(EnabledBody, await jsonBody(c), 'body');
    return c.json(await repo.setEnabled(id, enabled));
  });

  app.delete('/detections/:id', async (c) => {
    const { id } = validate(IdParam, c.req.param(), 'params');
    if (!(await repo.delete(id))) throw notFound(`detection ${id}`);
    return c.body(null, 204);
  });

  app.post('/detections/:id/test', async (c) => {
    const { id } = validate(IdParam, c.req.param(), 'params');
    const r = await repo.testSaved(id);
    if (r === undefined) throw notFound(`detection ${id}`);
    return c.json(r);
  });

  return app;
}
