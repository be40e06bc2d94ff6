import { API } from './api.js';
import { Audit } from './audit.js';
import { Exceptions } from './exceptions.js';
import { Git } from './git.js';
import { Integrations } from './integrations.js';
import { Production } from './production.js';

export { API, Audit, Exceptions, Git, Integrations, Production };
export const logTypes = [API, Audit, Exceptions, Git, Integrations, Production] as const;
