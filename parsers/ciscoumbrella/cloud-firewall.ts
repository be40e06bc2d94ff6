import { array, bigint, int, string, timestamp } from '../core/fields.js';
import { defineLogType, type ParseResult } from '../core/logtype.js';
import { type Columns, csvRow, ipOrEmpty, isHeader, isUpperWord, mayBeHeader, openingProblem, reject, rowEvent, show, toUint } from './csv.js';

const WHAT = 'a Cisco Umbrella cloud firewall log row';

// 14 columns at first, then the FQDNs and destination lists (16), then (version 10) the packet
// and byte counts, session times and app, posture and content columns (34). Columns added later
// are not read.
const COLUMNS: Columns = [
  ['timestamp', 'string'],
  ['originId', 'string'],
  ['identity', 'string'],
  ['identityType', 'string'],
  ['direction', 'string'],
  ['ipProtocol', 'int'],
  ['packetSize', 'int'],
  ['sourceIp', 'string'],
  ['sourcePort', 'int'],
  ['destinationIp', 'string'],
  ['destinationPort', 'int'],
  ['dataCenter', 'string'],
  ['ruleId', 'string'],
  ['verdict', 'string'],
  ['fqdns', 'list'],
  ['destinationListIds', 'list'],
  ['firstPacketTimestamp', 'epoch'],
  ['lastPacketTimestamp', 'epoch'],
  ['packetsSent', 'int'],
  ['packetsReceived', 'int'],
  ['bytesSent', 'int'],
  ['bytesReceived', 'int'],
  ['fwEventId', 'string'],
  ['destinationCountry', 'string'],
  ['appId', 'string'],
  ['privateResourceId', 'string'],
  ['privateAppGroupId', 'string'],
  ['privateFlow', 'string'],
  ['postureId', 'string'],
  ['casiCategoryIds', 'string'],
  ['trafficSource', 'string'],
  ['contentCategoryIds', 'list'],
  ['contentCategoryListIds', 'list'],
  ['organizationId', 'string'],
];

export const CloudFirewall = defineLogType({
  name: 'CiscoUmbrella.CloudFirewall',
  description: 'Cisco Umbrella cloud-delivered firewall logs (S3 export): the traffic handled through network tunnels, with the rule verdict.',
  reference: 'https://docs.umbrella.com/umbrella-user-guide/docs/cloud-firewall-log-formats',
  fields: {
    timestamp: timestamp({ required: true, description: 'When the traffic was seen, UTC.' }),
    originId: string({ description: 'The unique identity (origin IDs) of the network tunnel, e.g. [211039844].' }),
    identity: string({ description: 'The name of the network tunnel.' }),
    identityType: string({ description: 'The type of identity that made the request, normally "CDFW Tunnel Device".' }),
    direction: string({ description: 'The direction of the packet: OUTBOUND towards the internet or INBOUND towards the customer network.' }),
    ipProtocol: int({ required: true, description: 'The IP protocol number of the traffic, e.g. 6 (TCP), 17 (UDP) or 1 (ICMP).' }),
    packetSize: int({ description: 'The size of the packet the firewall received.' }),
    sourceIp: string({ indicators: ['ip'], description: 'The internal source IP address of the traffic (the NAT address when NAT applied before the firewall).' }),
    sourcePort: int({ description: 'The internal source port of the traffic.' }),
    destinationIp: string({ indicators: ['ip'], description: 'The destination IP address of the traffic.' }),
    destinationPort: int({ description: 'The destination port of the traffic.' }),
    dataCenter: string({ description: 'The Umbrella data center that processed the traffic, e.g. ams1.edc.' }),
    ruleId: string({ description: 'The ID of the firewall rule that processed the traffic.' }),
    verdict: string({ description: 'The final verdict of the rule: ALLOW or BLOCK.' }),
    fqdns: array(string(), { indicators: ['domain'], description: 'The fully qualified domain names the destination matched.' }),
    destinationListIds: array(string(), { description: 'The IDs of the destination lists the destination matched.' }),
    firstPacketTimestamp: timestamp({ description: 'When the first packet of the session was seen, UTC (from epoch seconds, version 10).' }),
    lastPacketTimestamp: timestamp({ description: 'When the last packet of the session was seen, UTC (from epoch seconds, version 10).' }),
    packetsSent: bigint({ description: 'The packets sent in the session.' }),
    packetsReceived: bigint({ description: 'The packets received in the session.' }),
    bytesSent: bigint({ description: 'The bytes sent in the session.' }),
    bytesReceived: bigint({ description: 'The bytes received in the session.' }),
    fwEventId: string({ description: 'The ID of the firewall event.' }),
    destinationCountry: string({ description: 'The country of the destination.' }),
    appId: string({ description: 'The ID of the application the traffic was identified as.' }),
    privateResourceId: string({ description: 'The ID of the private resource accessed.' }),
    privateAppGroupId: string({ description: 'The ID of the private application group.' }),
    privateFlow: string({ description: 'Whether the flow went to a private resource.' }),
    postureId: string({ description: 'The ID of the device posture profile that applied.' }),
    casiCategoryIds: string({ description: 'The cloud application (CASI) category IDs, as Umbrella writes them.' }),
    trafficSource: string({ description: 'Where the traffic came from.' }),
    contentCategoryIds: array(string(), { description: 'The IDs of the content categories of the destination.' }),
    contentCategoryListIds: array(string(), { description: 'The IDs of the content category lists that matched.' }),
    organizationId: string({ description: 'The Umbrella organization ID.' }),
  },
  eventTime: 'timestamp',
  parser: { kind: 'text', create: () => parseCloudFirewall },
});

function parseCloudFirewall(line: string): ParseResult {
  if (mayBeHeader(line)) {
    const row = csvRow(line);
    if (typeof row !== 'string' && isHeader(row, ['originids', 'packetsize'])) return { ok: 'header' };
  }
  const opening = openingProblem(line, WHAT);
  if (opening !== null) return reject(opening);
  const row = csvRow(line);
  if (typeof row === 'string') return reject(`${WHAT} is not well-formed CSV: ${row}`);
  if (row.length < 14) return reject(`${WHAT} has at least 14 columns, not ${row.length}`);
  const [, , , , direction = '', protocol = '', , sourceIp = '', , destinationIp = '', , , , verdict = ''] = row.map((v) => v.trim());
  if (!isUpperWord(direction)) return reject(`direction: expected OUTBOUND or INBOUND, got ${show(direction)}`);
  if (Number.isNaN(toUint(protocol))) return reject(`ipProtocol: expected a protocol number, got ${show(protocol)}`);
  if (!ipOrEmpty(sourceIp) || !ipOrEmpty(destinationIp)) return reject(`source and destination: expected IP addresses, got ${show(sourceIp)} and ${show(destinationIp)}`);
  if (!isUpperWord(verdict)) return reject(`verdict: expected ALLOW or BLOCK, got ${show(verdict)}`);
  return rowEvent(row, COLUMNS);
}
