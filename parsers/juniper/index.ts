import { Access } from './access.js';
import { Audit } from './audit.js';
import { Firewall } from './firewall.js';
import { MWS } from './mws.js';
import { Postgres } from './postgres.js';
import { Security } from './security.js';

export { Access, Audit, Firewall, MWS, Postgres, Security };
export const logTypes = [Access, Audit, Firewall, MWS, Postgres, Security] as const;
