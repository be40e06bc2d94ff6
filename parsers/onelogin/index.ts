import { Events } from './events.js';

export { Events };
export const logTypes = [Events] as const;
