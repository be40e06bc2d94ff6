// Log sources: settings CRUD and health (api-routes.md "Log sources").
import { Hono } from 'hono';
import type { DocumentStore } from '../../adapters/document-store.js';
import type { LogTypeSet } from '../../parsers/registry.js';
import { jsonBody, validate } from '../http.js';
import { LogSourceInput, SourcesService } from '../services/sources.js';

export interface SourcesDeps {
  readonly documents: DocumentStore;
  /** The log types sources may name (built-in plus custom schemas); default: the built-in ones. */
  readonly logTypes?: LogTypeSet;
  readonly now?: () => Date;
}

export function sourcesRoutes(deps: SourcesDeps): Hono {
  const sources = new SourcesService(deps);
  const app = new Hono();

  app.get('/sources', async (c) => c.json({ items: await sources.list() }));

  app.post('/sources', async (c) => {
    const input = validate(LogSourceInput, await jsonBody(c), 'body');
    return c.json(await sources.create(input), 201);
  });

  app.get('/sources/:id', async (c) => c.json(await sources.get(c.req.param('id'))));

  app.put('/sources/:id', async (c) => {
    const input = validate(LogSourceInput, await jsonBody(c), 'body');
    return c.json(await sources.replace(c.req.param('id'), input));
  });

  app.delete('/sources/:id', async (c) => {
    await sources.delete(c.req.param('id'));
    return c.body(null, 204);
  });

  app.get('/sources/:id/health', async (c) => c.json(await sources.health(c.req.param('id'))));

  return app;
}
