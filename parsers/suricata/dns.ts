import { array, bigint, boolean, int, json, object, string } from '../core/fields.js';
import type { IndicatorSet } from '../core/indicators.js';
import { defineLogType } from '../core/logtype.js';
import { REFERENCE, acceptEventType, commonFields } from './common.js';

// One resource record, as the "detailed" answer format and the authorities/additionals log it.
const record = object({
  rrname: string({ indicators: ['domain'], description: 'The owner name of the record.' }),
  rrtype: string({ description: 'The record type, e.g. A, AAAA, CNAME.' }),
  ttl: bigint({ description: 'The time to live of the record, in seconds.' }),
  rdata: string({ description: 'The record data: an address, a host name or text, depending on the type.' }),
  soa: json({ description: 'The SOA fields (mname, rname, serial, refresh, retry, expire, minimum) of an SOA record.' }),
  sshfp: json({ description: 'The fingerprint fields (fingerprint, algo, type) of an SSHFP record.' }),
  srv: json({ description: 'The target fields (target, priority, weight, port) of an SRV record.' }),
});

const grouped = (type: string) => array(string(), { description: `The ${type} answers.` });

export const DNS = defineLogType({
  name: 'Suricata.DNS',
  description: 'Suricata EVE JSON records of event_type "dns": DNS queries and answers seen on the wire.',
  reference: `${REFERENCE}#event-type-dns`,
  fields: {
    ...commonFields,
    src_ip: string({ required: true, indicators: ['ip'], description: 'The source IP address.' }),
    dest_ip: string({ required: true, indicators: ['ip'], description: 'The destination IP address.' }),
    proto: string({ required: true, coerce: true, description: 'The IP protocol, e.g. UDP or TCP (or "017").' }),
    dns: object(
      {
        version: int({ description: 'The DNS logging format version (2 and 3 log one record per answer message).' }),
        type: string({ description: 'The kind of message: query, answer (or request/response in version 3).' }),
        id: int({ description: 'The DNS transaction ID.' }),
        tx_id: bigint({ description: 'The ID of the transaction within the flow.' }),
        flags: string({ description: 'The DNS header flags, as hex without 0x (e.g. 8180).' }),
        qr: boolean({ description: 'The Query/Response flag.' }),
        aa: boolean({ description: 'The Authoritative Answer flag.' }),
        tc: boolean({ description: 'The Truncation flag.' }),
        rd: boolean({ description: 'The Recursion Desired flag.' }),
        ra: boolean({ description: 'The Recursion Available flag.' }),
        z: boolean({ description: 'The reserved Z flag.' }),
        opcode: int({ description: 'The DNS opcode, when not a standard query.' }),
        rcode: string({ description: 'The response code, e.g. NOERROR or NXDOMAIN.' }),
        rrname: string({ indicators: ['domain'], description: 'The name queried (or, in the old format, the name of the answer).' }),
        rrtype: string({ description: 'The type queried, e.g. A, AAAA, PTR.' }),
        rdata: string({ description: 'The answer data, in the old one-answer-per-record format.' }),
        ttl: bigint({ description: 'The answer TTL, in the old one-answer-per-record format.' }),
        queries: array(record, { description: 'The questions of the message (format version 3).' }),
        answers: array(record, { description: 'The answers, in the "detailed" format.' }),
        authorities: array(record, { description: 'The authority records.' }),
        additionals: array(record, { description: 'The additional records.' }),
        grouped: object(
          { A: grouped('A'), AAAA: grouped('AAAA'), CNAME: grouped('CNAME'), MX: grouped('MX'), NS: grouped('NS'), PTR: grouped('PTR'), TXT: grouped('TXT') },
          { description: 'The answers grouped by record type, in the "grouped" format.' },
        ),
      },
      { required: true, description: 'The DNS message.' },
    ),
  },
  eventTime: 'timestamp',
  parser: { kind: 'json', accept: acceptEventType('dns') },
  indicators: (e, set) => {
    const dns = e.dns;
    addRdata(set, dns.rrtype, dns.rdata);
    for (const list of [dns.answers, dns.authorities, dns.additionals]) for (const r of list ?? []) addRdata(set, r.rrtype, r.rdata);
    const g = dns.grouped;
    if (g === undefined) return;
    for (const v of [...(g.A ?? []), ...(g.AAAA ?? [])]) set.add('ip', v);
    for (const v of [...(g.CNAME ?? []), ...(g.MX ?? []), ...(g.NS ?? []), ...(g.PTR ?? [])]) set.add('domain', v);
  },
});

/** rdata is an address for A/AAAA and a host name for name records; text records are not indicators. */
function addRdata(set: IndicatorSet, rrtype: string | undefined, rdata: string | undefined): void {
  if (rdata === undefined) return;
  if (rrtype === 'A' || rrtype === 'AAAA') set.add('ip', rdata);
  else if (rrtype === 'CNAME' || rrtype === 'MX' || rrtype === 'NS' || rrtype === 'PTR') set.add('domain', rdata);
}
