import { Conn } from './conn.js';
import { DNS } from './dns.js';
import { HTTP } from './http.js';
import { SSL } from './ssl.js';

export { Conn, DNS, HTTP, SSL };
export const logTypes = [DNS, Conn, HTTP, SSL] as const;
