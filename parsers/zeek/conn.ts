import { array, bigint, boolean, float, int, string } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { SCRIPTS_REFERENCE, connectionFields, zeekParser } from './common.js';

const fields = {
  ...connectionFields('The time of the first packet of the connection.'),
  proto: string({ required: true, description: 'The transport layer protocol of the connection (tcp, udp, icmp).' }),
  service: string({ description: 'The application protocols Zeek detected on the connection, comma-separated (e.g. dns, ssl,http).' }),
  duration: float({ description: 'How long the connection lasted, in seconds; 3- or 4-way connection tear-downs are not included.' }),
  orig_bytes: bigint({ description: 'The number of payload bytes the originator sent (from sequence numbers for TCP).' }),
  resp_bytes: bigint({ description: 'The number of payload bytes the responder sent.' }),
  conn_state: string({ description: 'The connection state: S0, S1, SF, REJ, S2, S3, RSTO, RSTR, RSTOS0, RSTRH, SH, SHR, OTH.' }),
  local_orig: boolean({ description: 'Whether the originator is in Site::local_nets (unset when local_nets is empty).' }),
  local_resp: boolean({ description: 'Whether the responder is in Site::local_nets (unset when local_nets is empty).' }),
  missed_bytes: bigint({ description: 'The number of bytes missed in content gaps (packet loss).' }),
  history: string({ description: 'The state history of the connection as letters: uppercase from the originator, lowercase from the responder (S = SYN, h = SYN-ACK, D = data, F = FIN...).' }),
  orig_pkts: bigint({ description: 'The number of packets the originator sent.' }),
  orig_ip_bytes: bigint({ description: 'The number of IP-level bytes the originator sent (from IP total_length headers).' }),
  resp_pkts: bigint({ description: 'The number of packets the responder sent.' }),
  resp_ip_bytes: bigint({ description: 'The number of IP-level bytes the responder sent.' }),
  tunnel_parents: array(string(), { description: 'The uids of the encapsulating parent connections, if the connection was tunneled.' }),
  ip_proto: int({ description: 'The IP protocol number of the connection (Zeek 7.1 and later).' }),
  orig_l2_addr: string({ description: 'The link-layer (MAC) address of the originator (policy/protocols/conn/mac-logging).' }),
  resp_l2_addr: string({ description: 'The link-layer (MAC) address of the responder (policy/protocols/conn/mac-logging).' }),
  vlan: int({ description: 'The outer VLAN of the connection (policy/protocols/conn/vlan-logging).' }),
  inner_vlan: int({ description: 'The inner VLAN of the connection (policy/protocols/conn/vlan-logging).' }),
  community_id: string({ description: 'The Community ID flow hash of the connection (policy/protocols/conn/community-id-logging).' }),
  speculative_service: string({ description: 'The protocols detected by dynamic protocol detection without confirmation (policy/protocols/conn/speculative-service).' }),
} as const;

export const Conn = defineLogType({
  name: 'Zeek.Conn',
  description: "Zeek's conn.log: one entry per TCP, UDP or ICMP connection, who talked to whom, how long and how much, as JSON or Zeek's TSV.",
  reference: `${SCRIPTS_REFERENCE}conn/main.zeek.html#type-Conn::Info`,
  fields,
  eventTime: 'ts',
  parser: { kind: 'text', create: zeekParser({ path: 'conn', fields }) },
});
