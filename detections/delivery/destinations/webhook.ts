// A custom webhook: the alert as JSON, custom headers, optional HMAC-SHA256 signature.
import { createHmac } from 'node:crypto';
import type { Alert } from '../../types.js';
import type { ConfigOf } from '../config.js';
import { alertDocument, alertLinks, type MessageOptions } from '../message.js';
import type { HttpRequest } from './request.js';

export const SIGNATURE_HEADER = 'x-panther-signature';

/** sha256=<hex HMAC-SHA256 of the exact body bytes>; receivers recompute and compare. */
export function sign(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export function buildRequest(alert: Alert, config: ConfigOf<'webhook'>, options: MessageOptions): HttpRequest {
  const body = JSON.stringify(alertDocument(alert, alertLinks(alert, options)));
  const headers: Record<string, string> = {};
  // Custom headers first, lower-cased, so they cannot shadow the content type or the signature.
  for (const [k, v] of Object.entries(config.secrets.headers)) headers[k.toLowerCase()] = v;
  headers['content-type'] = 'application/json';
  if (config.secrets.hmacSecret) headers[SIGNATURE_HEADER] = sign(body, config.secrets.hmacSecret);
  return { method: 'POST', url: config.secrets.url, headers, body };
}
