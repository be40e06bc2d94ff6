import { Audit } from './audit.js';
import { Webhook } from './webhook.js';

export { Audit, Webhook };
export const logTypes = [Audit, Webhook] as const;
