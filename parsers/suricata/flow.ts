import { array, bigint, boolean, json, object, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { REFERENCE, acceptEventType, commonFields, tcpObject } from './common.js';

const counts = {
  pkts_toserver: bigint({ description: 'Packets towards the server (bypassed packets included).' }),
  pkts_toclient: bigint({ description: 'Packets towards the client.' }),
  bytes_toserver: bigint({ description: 'Bytes towards the server.' }),
  bytes_toclient: bigint({ description: 'Bytes towards the client.' }),
} as const;

/** The flow object of flow records, also on alerts (with flow logging) as the flow so far. */
export const flowObject = object(
  {
    ...counts,
    bypassed: object(counts, { description: 'The part of the counts that was bypassed.' }),
    start: timestamp({ description: 'When the first packet of the flow was seen.' }),
    end: timestamp({ description: 'When the last packet of the flow was seen.' }),
    age: bigint({ description: 'The duration of the flow, in seconds.' }),
    bypass: string({ description: 'How the flow was bypassed, if it was: local or capture.' }),
    state: string({ description: 'The state of the flow: new, established, closed or bypassed.' }),
    reason: string({ description: 'What ended the flow record: timeout, forced, shutdown.' }),
    alerted: boolean({ description: 'Whether an alert was raised on the flow.' }),
    action: string({ description: 'The action applied to the flow in IPS mode, e.g. drop.' }),
    emergency: boolean({ description: 'Whether the flow was handled in emergency mode.' }),
    wrong_thread: boolean({ description: 'Whether packets of the flow arrived on the wrong thread.' }),
    tx_cnt: bigint({ description: 'The number of application layer transactions in the flow.' }),
    exception_policy: array(json(), { description: 'The exception policies applied to the flow (target and policy).' }),
    src_ip: string({ indicators: ['ip'], description: 'The source address of the flow (on alerts, it may differ from the packet).' }),
    dest_ip: string({ indicators: ['ip'], description: 'The destination address of the flow.' }),
    src_port: bigint({ description: 'The source port of the flow.' }),
    dest_port: bigint({ description: 'The destination port of the flow.' }),
  },
  { description: 'The flow: packet and byte counts per direction, times, state.' },
);

export const Flow = defineLogType({
  name: 'Suricata.Flow',
  description: 'Suricata EVE JSON records of event_type "flow": one record per finished (or timed out) flow, with counts and TCP state.',
  reference: `${REFERENCE}#event-type-flow`,
  fields: {
    ...commonFields,
    src_ip: string({ required: true, indicators: ['ip'], description: 'The source IP address.' }),
    dest_ip: string({ required: true, indicators: ['ip'], description: 'The destination IP address.' }),
    flow: { ...flowObject, required: true },
    tcp: tcpObject,
  },
  eventTime: 'timestamp',
  parser: { kind: 'json', accept: acceptEventType('flow') },
});
