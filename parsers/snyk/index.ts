import { GroupAudit } from './group-audit.js';

export { GroupAudit };
export const logTypes = [GroupAudit] as const;
