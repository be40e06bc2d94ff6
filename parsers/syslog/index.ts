import { RFC3164 } from './rfc3164.js';
import { RFC5424 } from './rfc5424.js';

export { RFC3164, RFC5424 };
export const syslogLogTypes = [RFC5424, RFC3164] as const;
