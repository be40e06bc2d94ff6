// What every Suricata EVE JSON record shares: the common section (time, flow, interface,
// five-tuple, community ID) and the rule that each record names its kind in event_type and
// carries the matching object. Field names are Suricata's own, as in Panther's suricatalogs.
import { array, bigint, boolean, int, json, map, object, string, timestamp } from '../core/fields.js';
import type { IndicatorSet } from '../core/indicators.js';

export const REFERENCE = 'https://docs.suricata.io/en/latest/output/eve/eve-json-format.html';

// "2015-10-22T11:17:43.787396+0000": Suricata always writes microseconds and a numeric offset
// without a colon (releases before 3.0 wrote no offset). Checking the shape keeps other
// products' JSON with a generic "event_type" out.
const EVE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{1,9}(?:[+-]\d{4})?$/;

/** Rejects a record that is not an EVE record of the given event type (accept() for each type). */
export function acceptEventType(eventType: string): (obj: Record<string, unknown>) => string | null {
  return (obj) => {
    const et = obj.event_type;
    if (et !== eventType) {
      return typeof et === 'string' ? `event_type is ${JSON.stringify(et.slice(0, 40))}, not "${eventType}"` : 'event_type: required field missing';
    }
    const ts = obj.timestamp;
    if (typeof ts !== 'string' || !EVE_TIME.test(ts)) return 'timestamp: expected a Suricata EVE time such as 2015-10-22T11:17:43.787396+0000';
    const payload = obj[eventType];
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return `${eventType}: expected the ${eventType} object of the record`;
    return null;
  };
}

const vlan = array(int(), { description: 'The VLAN IDs of the packet, outermost first.' });

/** Fields of the common section; src_ip and dest_ip are required by the flow-based types. */
export const commonFields = {
  timestamp: timestamp({ required: true, description: 'When the event happened (packet time), with the sensor offset; normalized to UTC.' }),
  flow_id: bigint({ description: 'The ID of the flow: every record of one flow (alerts, protocol logs, the flow record) carries it.' }),
  parent_id: bigint({ description: 'The flow ID of the parent flow (e.g. the FTP control connection of a data flow).' }),
  in_iface: string({ description: 'The capture interface the packet was seen on.' }),
  event_type: string({ required: true, description: 'The kind of record; names the object that carries its details.' }),
  vlan,
  src_ip: string({ indicators: ['ip'], description: 'The source IP address.' }),
  src_port: int({ description: 'The source port.' }),
  dest_ip: string({ indicators: ['ip'], description: 'The destination IP address.' }),
  dest_port: int({ description: 'The destination port.' }),
  proto: string({
    coerce: true,
    description: 'The IP protocol: a name such as TCP, UDP or ICMP, or the number (e.g. "006") when Suricata has no name for it.',
  }),
  ip_v: int({ description: 'The IP version, 4 or 6 (Suricata 8).' }),
  app_proto: string({ description: 'The application protocol detected on the flow, e.g. http, tls or dns.' }),
  app_proto_ts: string({ description: 'The application protocol detected towards the server, when the directions differ.' }),
  app_proto_tc: string({ description: 'The application protocol detected towards the client, when the directions differ.' }),
  app_proto_orig: string({ description: 'The application protocol before a protocol change (e.g. STARTTLS).' }),
  app_proto_expected: string({ description: 'The application protocol that was expected on the flow.' }),
  community_id: string({ description: 'The Community ID flow hash (1:base64), shared with Zeek and other tools.' }),
  tx_id: bigint({ description: 'The ID of the application layer transaction within the flow.' }),
  pcap_cnt: bigint({ description: 'The packet number in the pcap, when Suricata reads a pcap file.' }),
  pcap_filename: string({ description: 'The pcap file the packet came from.' }),
  pkt_src: string({ description: 'Where the packet came from, e.g. wire/pcap or stream (reassembled).' }),
  host: string({ indicators: ['hostname'], description: 'The sensor name (sensor-name in suricata.yaml).' }),
  direction: string({ description: 'The direction of the event relative to the flow: to_server or to_client.' }),
  icmp_type: int({ description: 'The ICMP type.' }),
  icmp_code: int({ description: 'The ICMP code.' }),
  response_icmp_type: int({ description: 'The ICMP type of the response.' }),
  response_icmp_code: int({ description: 'The ICMP code of the response.' }),
  ether: object(
    {
      src_mac: string({ description: 'The source MAC address.' }),
      dest_mac: string({ description: 'The destination MAC address.' }),
    },
    { description: 'Ethernet addresses, when ethernet logging is enabled.' },
  ),
  tunnel: object(
    {
      src_ip: string({ indicators: ['ip'], description: 'The source address of the tunnel.' }),
      src_port: int({ description: 'The source port of the tunnel.' }),
      dest_ip: string({ indicators: ['ip'], description: 'The destination address of the tunnel.' }),
      dest_port: int({ description: 'The destination port of the tunnel.' }),
      proto: string({ coerce: true, description: 'The protocol of the tunnel.' }),
      depth: int({ description: 'The tunnel depth.' }),
      pcap_cnt: bigint({ description: 'The packet number of the tunnel packet in the pcap.' }),
      pkt_src: string({ description: 'Where the tunnel packet came from.' }),
    },
    { description: 'The outer (tunnel) packet of an encapsulated packet.' },
  ),
  metadata: object(
    {
      flowbits: array(string(), { description: 'The flowbits set on the flow.' }),
      flowints: map(bigint(), { description: 'The flowints set on the flow, by name.' }),
      flowvars: array(json(), { description: 'The flowvars set on the flow.' }),
      pktvars: array(json(), { description: 'The pktvars set on the packet.' }),
    },
    { description: 'Flow and packet variables set by rules, when metadata logging is enabled.' },
  ),
} as const;

/** The packet fields of packet-based records (alerts and anomalies with packethdr/packet logging). */
export const packetFields = {
  packet: string({ description: 'The packet (or its first bytes), base64-encoded.' }),
  packet_info: object({ linktype: int({ description: 'The pcap link type of the packet.' }) }, { description: 'Information about the logged packet.' }),
} as const;

/** The TCP summary flow records (and alerts with flow logging) carry. */
export const tcpObject = object(
  {
    tcp_flags: string({ description: 'The TCP flags seen in both directions, as hex.' }),
    tcp_flags_ts: string({ description: 'The TCP flags seen towards the server, as hex.' }),
    tcp_flags_tc: string({ description: 'The TCP flags seen towards the client, as hex.' }),
    syn: boolean({ description: 'SYN was seen.' }),
    fin: boolean({ description: 'FIN was seen.' }),
    rst: boolean({ description: 'RST was seen.' }),
    psh: boolean({ description: 'PSH was seen.' }),
    ack: boolean({ description: 'ACK was seen.' }),
    urg: boolean({ description: 'URG was seen.' }),
    ecn: boolean({ description: 'ECN was seen.' }),
    cwr: boolean({ description: 'CWR was seen.' }),
    state: string({ description: 'The TCP state at the end of the flow, e.g. established or closed.' }),
  },
  { description: 'A summary of the TCP session.' },
);

/**
 * The X-Forwarded-For address in XFF "extra-data" mode: Suricata writes it at the top level of
 * http records (after the http object) and of alerts on HTTP traffic, not inside the http object.
 */
export const xffField = string({ description: 'The X-Forwarded-For address of the HTTP transaction, when XFF logging is in extra-data mode.' });

/** Adds the host of an HTTP header value that may be a URL or a bare host. */
export function addUrlOrHost(set: IndicatorSet, v: string | undefined): void {
  if (v === undefined || v === '') return;
  set.add(v.includes('://') ? 'url' : 'hostname', v);
}

/** Adds each address of an X-Forwarded-For style list ("1.2.3.4, 5.6.7.8"). */
export function addIpList(set: IndicatorSet, v: string | undefined): void {
  if (v === undefined) return;
  for (const ip of v.split(',')) set.add('ip', ip);
}
