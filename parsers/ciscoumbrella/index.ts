import { CloudFirewall } from './cloud-firewall.js';
import { DNS } from './dns.js';
import { IP } from './ip.js';
import { ProxyLog } from './proxy.js';

// ProxyLog is CiscoUmbrella.Proxy: the constant is not called Proxy, which would hide the global.
export { CloudFirewall, DNS, IP, ProxyLog };
export const logTypes = [DNS, CloudFirewall, IP, ProxyLog] as const;
