import { bigint, int, string } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { EVENT_REFERENCE, addEach, baseEventFields, hostIndicators, contextFields, simpleNameIs } from './common.js';

export const DNSRequest = defineLogType({
  name: 'Crowdstrike.DNSRequest',
  description: 'CrowdStrike Falcon DnsRequest events (Falcon Data Replicator): every DNS name resolution a host attempted.',
  reference: `${EVENT_REFERENCE}#section-event-DnsRequest`,
  fields: {
    ...baseEventFields,
    ...contextFields,
    DomainName: string({ indicators: ['domain'], description: 'The domain name requested.' }),
    RequestType: string({ coerce: true, description: 'The DNS record type requested, as a number (1 = A, 28 = AAAA).' }),
    InterfaceIndex: int({ coerce: true, description: 'The network interface index (Windows).' }),
    DualRequest: int({ coerce: true, description: 'Whether the request was a dual A/AAAA request (Windows).' }),
    DnsRequestCount: bigint({ coerce: true, description: 'The number of DNS requests (Windows).' }),
    AppIdentifier: string({ description: 'The identifier of the app that made the request (Android, iOS).' }),
    IpAddress: string({ indicators: ['ip'], description: 'The device IP address (Android, iOS).' }),
    // Answer fields of current Windows sensors.
    FirstIP4Record: string({ indicators: ['ip'], description: 'The first IPv4 address of the answer (Windows).' }),
    IP4Records: string({ description: 'The IPv4 addresses of the answer, each followed by ";" (Windows).' }),
    CNAMERecords: string({ description: 'The CNAME chain of the answer, separated by ";" (Windows).' }),
    RespondingDnsServer: string({ indicators: ['ip'], description: 'The DNS server that answered (Windows).' }),
    DnsResponseType: string({ coerce: true, description: 'The type of the DNS response (Windows).' }),
    QueryStatus: string({ coerce: true, description: 'The status of the query; 0 for success (Windows).' }),
    ContextBaseFileName: string({ description: 'The file name of the requesting process (Windows).' }),
  },
  eventTime: 'timestamp',
  parser: { kind: 'json', accept: simpleNameIs('DnsRequest') },
  indicators: (e, set) => {
    addEach(set, 'ip', e.IP4Records, /;/);
    addEach(set, 'domain', e.CNAMERecords, /;/);
    hostIndicators(e, set);
  },
});
