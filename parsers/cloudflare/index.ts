import { Firewall } from './firewall.js';
import { HttpRequest } from './http-request.js';
import { Spectrum } from './spectrum.js';

export { Firewall, HttpRequest, Spectrum };
export const logTypes = [HttpRequest, Spectrum, Firewall] as const;
