import { Activity } from './activity.js';

export { Activity };
export const logTypes = [Activity] as const;
