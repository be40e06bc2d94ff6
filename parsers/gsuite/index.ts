import { ActivityEvent } from './activity-event.js';
import { Reports } from './reports.js';

export { ActivityEvent, Reports };
export const logTypes = [Reports, ActivityEvent] as const;
