import { Alert } from './alert.js';
import { Anomaly } from './anomaly.js';
import { DNS } from './dns.js';
import { Flow } from './flow.js';
import { HTTP } from './http.js';
import { TLS } from './tls.js';

export { Alert, Anomaly, DNS, Flow, HTTP, TLS };
export const logTypes = [DNS, Anomaly, Alert, Flow, HTTP, TLS] as const;
