import { Syslog3164, Syslog5424 } from './syslog.js';

export { Syslog3164, Syslog5424 };
export const logTypes = [Syslog3164, Syslog5424] as const;
