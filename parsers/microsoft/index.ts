import { SecurityAlert } from './graph-security-alert.js';
import { Audit } from './m365-audit.js';

export { Audit, SecurityAlert };
export const logTypes = [Audit, SecurityAlert] as const;
