import { TeleportAudit } from './teleport-audit.js';

export { TeleportAudit };
export const logTypes = [TeleportAudit] as const;
