import { int, string } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import type { IndicatorSet } from '../core/indicators.js';
import { EVENT_REFERENCE, addAddress, baseEventFields, contextFields, simpleNameIs } from './common.js';

// The addresses carry no field indicator: the hook leaves out the unspecified address
// (0.0.0.0, ::), which a listening socket or an unbound connect reports for "none".
const socketFields = {
  ...baseEventFields,
  ...contextFields,
  LocalAddressIP4: string({ description: 'The local IPv4 address of the socket.' }),
  LocalAddressIP6: string({ description: 'The local IPv6 address of the socket.' }),
  RemoteAddressIP4: string({ description: 'The remote IPv4 address of the socket.' }),
  RemoteAddressIP6: string({ description: 'The remote IPv6 address of the socket.' }),
  LocalPort: int({ coerce: true, description: 'The local port.' }),
  RemotePort: int({ coerce: true, description: 'The remote port.' }),
  Protocol: int({ coerce: true, description: 'The IP protocol: 1 = ICMP, 6 = TCP, 17 = UDP.' }),
  ConnectionDirection: int({ coerce: true, description: 'The direction: 0 = outbound, 1 = inbound, 2 = neither, 3 = both.' }),
  ConnectionFlags: int({ coerce: true, description: 'Connection flags: 1 = raw socket, 2 = promiscuous (SIO_RCVALL), 4 = IGMP multicast, 8 = multicast.' }),
} as const;

function socketIndicators(e: { readonly [K in 'LocalAddressIP4' | 'LocalAddressIP6' | 'RemoteAddressIP4' | 'RemoteAddressIP6']?: string }, set: IndicatorSet): void {
  addAddress(set, e.LocalAddressIP4);
  addAddress(set, e.LocalAddressIP6);
  addAddress(set, e.RemoteAddressIP4);
  addAddress(set, e.RemoteAddressIP6);
}

export const NetworkConnect = defineLogType({
  name: 'Crowdstrike.NetworkConnect',
  description: 'CrowdStrike Falcon NetworkConnectIP4 and NetworkConnectIP6 events (Falcon Data Replicator): a process attempted a connection.',
  reference: `${EVENT_REFERENCE}#section-event-NetworkConnectIP4`,
  fields: {
    ...socketFields,
    IcmpType: string({ coerce: true, description: 'The ICMP type (not on iOS).' }),
    IcmpCode: string({ coerce: true, description: 'The ICMP code (not on iOS).' }),
  },
  eventTime: 'timestamp',
  parser: { kind: 'json', accept: simpleNameIs('NetworkConnectIP4', 'NetworkConnectIP6') },
  indicators: socketIndicators,
});

export const NetworkListen = defineLogType({
  name: 'Crowdstrike.NetworkListen',
  description: 'CrowdStrike Falcon NetworkListenIP4 and NetworkListenIP6 events (Falcon Data Replicator): a process opened a listening socket.',
  reference: `${EVENT_REFERENCE}#section-event-NetworkListenIP4`,
  fields: socketFields,
  eventTime: 'timestamp',
  parser: { kind: 'json', accept: simpleNameIs('NetworkListenIP4', 'NetworkListenIP6') },
  indicators: socketIndicators,
});
