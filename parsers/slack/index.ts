import { AccessLogs } from './access-logs.js';
import { AuditLogs } from './audit-logs.js';
import { IntegrationLogs } from './integration-logs.js';

export { AccessLogs, AuditLogs, IntegrationLogs };
export const logTypes = [AccessLogs, AuditLogs, IntegrationLogs] as const;
