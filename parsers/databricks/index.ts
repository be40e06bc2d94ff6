import { Audit } from './audit.js';

export { Audit };
export const logTypes = [Audit] as const;
