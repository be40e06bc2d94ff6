import { array, bigint, int, json, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { cloudflareTimestamp, hasAny } from './common.js';

// Datetime is this dataset's own key, but a common word: one firewall_events key must be there too.
const FIREWALL_KEYS = ['RayID', 'OriginatorRayID', 'ClientIP', 'ClientRequestHost', 'ClientRefererHost', 'ClientASNDescription', 'MatchIndex', 'EdgeColoCode'] as const;

// Field names are Cloudflare's (Panther kept them).
export const Firewall = defineLogType({
  name: 'Cloudflare.Firewall',
  description:
    'Cloudflare Logpush firewall_events dataset: one JSON record per security rule that matched a request (WAF, custom rules, rate limiting, bot management...). ' +
    'Timestamps may be RFC 3339 strings or unix seconds, milliseconds or nanoseconds.',
  reference: 'https://developers.cloudflare.com/logs/reference/log-fields/zone/firewall_events/',
  fields: {
    Action: string({ description: 'The action taken: allow, block, challenge, jschallenge, log, managedchallenge, bypass...' }),
    ClientASN: bigint({ description: 'The ASN of the visitor.' }),
    ClientASNDescription: string({ description: 'The name of the visitor\'s AS.' }),
    ClientCountry: string({ description: 'Country the request originated from.' }),
    ClientIP: string({ indicators: ['ip'], description: "The visitor's IP address (IPv4 or IPv6)." }),
    ClientIPClass: string({ description: 'Classification of the visitor IP: unknown, badHost, searchEngine, allowlist, monitoringService, noRecord, scan, tor.' }),
    ClientRefererHost: string({ indicators: ['hostname'], description: 'The referer host.' }),
    ClientRefererPath: string({ description: 'The referer path.' }),
    ClientRefererQuery: string({ description: 'The referer query string.' }),
    ClientRefererScheme: string({ description: 'The referer URL scheme.' }),
    ClientRequestHost: string({ indicators: ['hostname'], description: 'The HTTP host requested by the visitor.' }),
    ClientRequestMethod: string({ description: 'The HTTP method used by the visitor.' }),
    ClientRequestPath: string({ description: 'The path requested by the visitor.' }),
    ClientRequestProtocol: string({ description: 'The HTTP protocol version of the request.' }),
    ClientRequestQuery: string({ description: 'The query string requested by the visitor.' }),
    ClientRequestScheme: string({ description: 'The URL scheme requested by the visitor.' }),
    ClientRequestUserAgent: string({ description: "The visitor's user agent." }),
    ContentScanObjResults: array(string(), { description: 'Content scan results.' }),
    ContentScanObjSizes: array(bigint(), { description: 'Content scan object sizes.' }),
    ContentScanObjTypes: array(string(), { description: 'Content scan object types.' }),
    Datetime: timestamp({ required: true, format: cloudflareTimestamp, description: 'When the event occurred at the edge.' }),
    Description: string({ description: 'The description of the rule that matched.' }),
    EdgeColoCode: string({ description: 'IATA airport code of the data center that served the request.' }),
    EdgeResponseStatus: int({ description: 'HTTP status returned to the client.' }),
    Kind: string({ description: 'The kind of event: firewall.' }),
    LeakedCredentialCheckResult: string({ description: 'Result of the leaked credentials check.' }),
    MatchIndex: int({ description: 'Position of the match in the chain: the last matching rule has 0, the one before 1...' }),
    Metadata: json({ description: 'Product-specific key:value information; its shape varies by product and over time.' }),
    OriginResponseStatus: int({ description: 'HTTP status returned by the origin.' }),
    OriginatorRayID: string({ description: 'The RayID of the request that issued the challenge; "00" when none did.' }),
    RayID: string({ indicators: ['trace_id'], description: 'The RayID of the request.' }),
    Ref: string({ description: 'The user-defined reference of the rule that matched.' }),
    RuleID: string({ description: 'The product-specific ID of the rule that matched.' }),
    Source: string({ description: 'The security product that matched: waf, firewallcustom, firewallmanaged, ratelimit, botmanagement, l7ddos...' }),
  },
  eventTime: 'Datetime',
  indicators: (e, set) => {
    // "00" means no originating request: not a trace to pivot on.
    if (e.OriginatorRayID !== undefined && e.OriginatorRayID !== '00') set.add('trace_id', e.OriginatorRayID);
  },
  parser: {
    kind: 'json',
    accept: (obj) => (hasAny(obj, FIREWALL_KEYS) ? null : `none of the firewall_events keys (${FIREWALL_KEYS.slice(0, 4).join(', ')}...) beside Datetime`),
  },
});
