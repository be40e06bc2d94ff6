import { AuditLogs } from './audit-logs.js';

export { AuditLogs };
export const logTypes = [AuditLogs] as const;
