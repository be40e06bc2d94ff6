// Cloud accounts onboarded for scans (api-routes.md "Cloud accounts").
import { Hono } from 'hono';
import type { DocumentStore } from '../../adapters/document-store.js';
import { jsonBody, validate } from '../http.js';
import { CloudAccountInput, CloudAccountsService } from '../services/accounts.js';

export interface CloudAccountsDeps {
  readonly documents: DocumentStore;
}

export function cloudAccountsRoutes(deps: CloudAccountsDeps): Hono {
  const accounts = new CloudAccountsService(deps.documents);
  const app = new Hono();

  app.get('/cloud-accounts', async (c) => c.json({ items: await accounts.list() }));

  app.post('/cloud-accounts', async (c) => {
    const input = validate(CloudAccountInput, await jsonBody(c), 'body');
    return c.json(await accounts.create(input), 201);
  });

  app.get('/cloud-accounts/:id', async (c) => c.json(await accounts.get(c.req.param('id'))));

  app.put('/cloud-accounts/:id', async (c) => {
    const input = validate(CloudAccountInput, await jsonBody(c), 'body');
    return c.json(await accounts.replace(c.req.param('id'), input));
  });

  app.delete('/cloud-accounts/:id', async (c) => {
    await accounts.delete(c.req.param('id'));
    return c.body(null, 204);
  });

  return app;
}
