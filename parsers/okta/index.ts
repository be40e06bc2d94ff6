import { SystemLog } from './system-log.js';

export { SystemLog };
export const oktaLogTypes = [SystemLog] as const;
