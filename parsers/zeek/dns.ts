import { array, bigint, boolean, float, int, string } from '../core/fields.js';
import type { IndicatorSet } from '../core/indicators.js';
import { defineLogType } from '../core/logtype.js';
import { SCRIPTS_REFERENCE, connectionFields, zeekParser } from './common.js';

const fields = {
  ...connectionFields('The earliest time at which a DNS protocol message over the associated connection is observed.'),
  proto: string({ required: true, description: 'The transport layer protocol of the connection (udp or tcp).' }),
  trans_id: int({ description: 'The 16-bit identifier the querying program assigned; replies carry it to match their query.' }),
  rtt: float({ description: 'Round trip time for the query and response, in seconds.' }),
  query: string({ description: 'The domain name that is the subject of the DNS query.' }),
  qclass: bigint({ description: 'The QCLASS value specifying the class of the query.' }),
  qclass_name: string({ description: 'A descriptive name for the class of the query, e.g. C_INTERNET.' }),
  qtype: bigint({ description: 'The QTYPE value specifying the type of the query (1 = A, 28 = AAAA...).' }),
  qtype_name: string({ description: 'A descriptive name for the type of the query, e.g. A, AAAA, PTR.' }),
  rcode: bigint({ description: 'The response code value in DNS response messages.' }),
  rcode_name: string({ description: 'A descriptive name for the response code, e.g. NOERROR, NXDOMAIN.' }),
  AA: boolean({ description: 'The Authoritative Answer bit: the responding name server is an authority for the queried domain.' }),
  TC: boolean({ description: 'The Truncation bit: the message was truncated.' }),
  RD: boolean({ description: 'The Recursion Desired bit: the client wants recursive service for this query.' }),
  RA: boolean({ description: 'The Recursion Available bit: the name server supports recursive queries.' }),
  Z: bigint({ description: 'A reserved field, usually zero in queries and responses.' }),
  answers: array(string(), { indicators: ['hostname'], description: 'The set of resource descriptions in the query answer.' }),
  TTLs: array(float(), { description: 'The caching intervals, in seconds, of the resource records in answers.' }),
  rejected: boolean({ description: 'The DNS query was rejected by the server.' }),
  opcode: int({ description: 'The DNS opcode of the message (0 = standard query); logged since Zeek 8.1 (policy/protocols/dns/disable-opcode-log-fields leaves it out).' }),
  opcode_name: string({ description: 'A descriptive name for the opcode, e.g. query.' }),
  auth: array(string(), { indicators: ['hostname'], description: 'Authoritative responses (policy/protocols/dns/auth-addl).' }),
  addl: array(string(), { indicators: ['hostname'], description: 'Additional responses (policy/protocols/dns/auth-addl).' }),
  original_query: string({ description: 'The query with its original letter case (policy/protocols/dns/log-original-query-case).' }),
} as const;

export const DNS = defineLogType({
  name: 'Zeek.DNS',
  description: "Zeek's dns.log: DNS queries and their responses seen on the network, as JSON or Zeek's TSV.",
  reference: `${SCRIPTS_REFERENCE}dns/main.zeek.html#type-DNS::Info`,
  fields,
  eventTime: 'ts',
  parser: { kind: 'text', create: zeekParser({ path: 'dns', fields }) },
  indicators: (e, set) => {
    if (e.query !== undefined) queryIndicator(e.query, set);
  },
});

/**
 * The queried name is a domain, except a reverse lookup's (PTR) name, which spells an address:
 * 16.2.16.172.in-addr.arpa is 172.16.2.16, and ip6.arpa names hold the IPv6 nibbles reversed.
 */
export function queryIndicator(query: string, set: IndicatorSet): void {
  const name = query.toLowerCase().replace(/\.$/, '');
  if (name.endsWith('.in-addr.arpa')) {
    const octets = name.slice(0, -'.in-addr.arpa'.length).split('.');
    if (octets.length === 4) set.add('ip', octets.reverse().join('.'));
    return;
  }
  if (name.endsWith('.ip6.arpa')) {
    const nibbles = name.slice(0, -'.ip6.arpa'.length).split('.');
    if (nibbles.length === 32 && nibbles.every((n) => /^[0-9a-f]$/.test(n))) {
      const hex = nibbles.reverse().join('');
      set.add('ip', hex.match(/.{4}/g)?.join(':'));
    }
    return;
  }
  set.add('domain', name);
}
