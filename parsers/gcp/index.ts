import { AuditLog } from './audit-log.js';

export { AuditLog };
export const logTypes = [AuditLog] as const;
