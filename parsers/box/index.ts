import { Event } from './event.js';

export { Event };
export const logTypes = [Event] as const;
