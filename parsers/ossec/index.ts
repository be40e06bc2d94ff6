import { EventInfo } from './event-info.js';

export { EventInfo };
export const logTypes = [EventInfo] as const;
