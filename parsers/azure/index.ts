import { Audit } from './audit.js';
import { MonitorActivity } from './monitor-activity.js';

export { Audit, MonitorActivity };
export const logTypes = [Audit, MonitorActivity] as const;
