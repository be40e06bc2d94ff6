// Alert destinations (api-routes.md "Destinations"): secrets are write-only, answers redact them.
import { Hono } from 'hono';
import type { DeliveryOptions } from '../../detections/delivery/index.js';
import type { DestinationStore } from '../../detections/delivery/destination-store.js';
import { jsonBody } from '../http.js';
import { DestinationsService } from '../services/destinations.js';

export interface DestinationsDeps {
  /** detections/delivery/stores: DocumentDestinationStore locally, AwsDestinationStore on AWS. */
  readonly store: DestinationStore;
  /** How test alerts are sent (consoleUrl for links; retry: keep it short, the console waits). */
  readonly delivery: DeliveryOptions;
}

export function destinationsRoutes(deps: DestinationsDeps): Hono {
  const destinations = new DestinationsService(deps.store, deps.delivery);
  const app = new Hono();

  app.get('/destinations', async (c) => c.json({ items: await destinations.list() }));

  app.post('/destinations', async (c) => c.json(await destinations.create(await jsonBody(c)), 201));

  app.get('/destinations/:id', async (c) => c.json(await destinations.get(c.req.param('id'))));

  app.put('/destinations/:id', async (c) => c.json(await destinations.replace(c.req.param('id'), await jsonBody(c))));

  app.delete('/destinations/:id', async (c) => {
    await destinations.delete(c.req.param('id'));
    return c.body(null, 204);
  });

  app.post('/destinations/:id/test', async (c) => c.json(await destinations.test(c.req.param('id'))));

  return app;
}
