// Asana: create a task in the configured projects (Bearer personal access token).
import type { Alert } from '../../types.js';
import type { ConfigOf } from '../config.js';
import { alertLinks, plainText, summary, type MessageOptions } from '../message.js';
import { join, jsonRequest, type HttpRequest } from './request.js';

export const ASANA_API = 'https://app.asana.com/api/1.0';

export function buildRequest(alert: Alert, config: ConfigOf<'asana'>, options: MessageOptions): HttpRequest {
  return jsonRequest(
    join(config.settings.apiUrl ?? ASANA_API, '/tasks'),
    { data: { name: summary(alert), notes: plainText(alert, alertLinks(alert, options)), projects: config.settings.projectGids } },
    { authorization: `Bearer ${config.secrets.personalAccessToken}`, accept: 'application/json' },
  );
}
