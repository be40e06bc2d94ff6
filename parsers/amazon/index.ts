import { EKSAudit } from './eks-audit.js';

export { EKSAudit };
export const logTypes = [EKSAudit] as const;
