import { array, object, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';

// Record types whose data is a name (with its trailing dot); MX data is "<preference> <name>".
const NAME_RECORDS = new Set(['CNAME', 'NS', 'PTR', 'MX', 'DNAME']);

export const VPCDns = defineLogType({
  name: 'AWS.VPCDns',
  description: 'Amazon Route 53 Resolver query logs: DNS queries from VPCs, Resolver endpoints and DNS Firewall matches.',
  reference: 'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-query-logs-format.html',
  fields: {
    version: string({ required: true, description: 'The query log format version, e.g. 1.100000.' }),
    account_id: string({ required: true, indicators: ['aws_account_id'], description: 'The account that created the VPC.' }),
    region: string({ required: true, description: 'The region of the VPC.' }),
    vpc_id: string({ required: true, description: 'The VPC the query originated in.' }),
    query_timestamp: timestamp({ required: true, description: 'When the query was submitted (UTC).' }),
    query_name: string({ required: true, indicators: ['domain'], description: 'The queried name, with its trailing dot.' }),
    query_type: string({ required: true, description: 'The DNS record type requested, or ANY.' }),
    query_class: string({ required: true, description: 'The class of the query, e.g. IN.' }),
    rcode: string({ required: true, description: 'The DNS response code, e.g. NOERROR or NXDOMAIN.' }),
    answers: array(
      object({
        Rdata: string({ description: 'The answer data: an address for A/AAAA, a name for CNAME...' }),
        Type: string({ description: 'The record type of the answer.' }),
        Class: string(),
      }),
      { description: 'The answers Resolver returned.' },
    ),
    srcaddr: string({ required: true, indicators: ['ip'], description: 'The IP address the query came from.' }),
    // A string in the vendor's JSON ("56067"); kept as delivered.
    srcport: string({ required: true, description: 'The source port of the query.' }),
    transport: string({ required: true, description: 'UDP or TCP.' }),
    srcids: object(
      {
        instance: string({ indicators: ['aws_instance_id'], description: 'The instance the query came from.' }),
        resolver_endpoint: string({ description: 'The Resolver endpoint that passed the query on.' }),
        resolver_network_interface: string({ description: 'The Resolver endpoint network interface.' }),
      },
      { description: 'The sources the query originated from or passed through.' },
    ),
    firewall_rule_action: string({ description: 'The DNS Firewall rule action that matched: ALLOW, BLOCK or ALERT.' }),
    firewall_rule_group_id: string({ description: 'The DNS Firewall rule group that matched.' }),
    firewall_domain_list_id: string({ description: 'The DNS Firewall domain list that matched.' }),
  },
  eventTime: 'query_timestamp',
  parser: { kind: 'json' },
  indicators: (e, set) => {
    for (const a of e.answers ?? []) {
      if (a === null || a.Rdata === undefined) continue;
      if (a.Type === 'A' || a.Type === 'AAAA') set.add('ip', a.Rdata);
      else if (a.Type !== undefined && NAME_RECORDS.has(a.Type)) set.add('domain', a.Rdata.split(' ').pop());
    }
  },
});
