import { bigint, int, string, timestamp } from '../core/fields.js';
import { defineLogType, type ParseResult } from '../core/logtype.js';
import { normalizeTimestamp } from '../core/logtype.js';
import { ABSENT, camelCase, notOurs, reject, show, toInt } from './delimited.js';

export const VPCFlow = defineLogType({
  name: 'AWS.VPCFlow',
  description: 'Amazon VPC flow logs: IP traffic to and from network interfaces, in the default or a custom format.',
  reference: 'https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html',
  fields: {
    version: int({ description: 'The flow log version: 2 for the default format, else the highest version among the custom fields.' }),
    account: string({ indicators: ['aws_account_id'], description: 'The account that owns the network interface (unknown for some AWS-created interfaces).' }),
    interfaceId: string({ description: 'The network interface the traffic was recorded on.' }),
    srcAddr: string({ indicators: ['ip'], description: 'The source address of incoming traffic, or the interface address for outgoing traffic.' }),
    dstAddr: string({ indicators: ['ip'], description: 'The destination address of outgoing traffic, or the interface address for incoming traffic.' }),
    srcPort: int({ description: 'The source port.' }),
    dstPort: int({ description: 'The destination port.' }),
    protocol: int({ description: 'The IANA protocol number.' }),
    packets: bigint({ description: 'The number of packets transferred during the flow.' }),
    bytes: bigint({ description: 'The number of bytes transferred during the flow.' }),
    start: timestamp({ description: 'When the first packet of the flow was received in the aggregation interval, UTC.' }),
    end: timestamp({ description: 'When the last packet of the flow was received in the aggregation interval, UTC.' }),
    action: string({ description: 'ACCEPT or REJECT, by the security groups and network ACLs.' }),
    status: string({ description: 'The logging status: OK, NODATA or SKIPDATA.' }),
    vpcId: string({ description: 'The VPC of the network interface.' }),
    subNetId: string({ description: 'The subnet of the network interface.' }),
    instanceId: string({ indicators: ['aws_instance_id'], description: 'The instance of the network interface, if you own it.' }),
    tcpFlags: int({ description: 'The OR of the TCP flags seen in the interval: FIN 1, SYN 2, RST 4, SYN-ACK 18.' }),
    trafficType: string({ description: 'IPv4, IPv6 or EFA.' }),
    pktSrcAddr: string({ indicators: ['ip'], description: 'The packet-level (original) source address.' }),
    pktDstAddr: string({ indicators: ['ip'], description: 'The packet-level (original) destination address.' }),
    region: string({ description: 'The Region of the network interface.' }),
    azId: string({ description: 'The Availability Zone ID of the network interface.' }),
    sublocationType: string({ description: 'wavelength, outpost or localzone.' }),
    sublocationId: string({ description: 'The ID of the sublocation.' }),
    pktSrcAwsService: string({ description: 'The AWS service the source address belongs to, e.g. S3 or AMAZON.' }),
    pktDstAwsService: string({ description: 'The AWS service the destination address belongs to.' }),
    flowDirection: string({ description: 'ingress or egress, relative to the interface.' }),
    trafficPath: int({ description: 'The path egress traffic took to its destination (1-8).' }),
    ecsClusterArn: string({ indicators: ['aws_arn'], description: 'The ARN of the ECS cluster of the task.' }),
    ecsClusterName: string({ description: 'The name of the ECS cluster.' }),
    ecsContainerInstanceArn: string({ indicators: ['aws_arn'], description: 'The ARN of the ECS container instance (EC2 launch type).' }),
    ecsContainerInstanceId: string({ description: 'The ID of the ECS container instance.' }),
    ecsContainerId: string({ description: 'The Docker runtime ID of the first container of the task.' }),
    ecsSecondContainerId: string({ description: 'The Docker runtime ID of the second container of the task.' }),
    ecsServiceName: string({ description: 'The name of the ECS service of the task.' }),
    ecsTaskDefinitionArn: string({ indicators: ['aws_arn'], description: 'The ARN of the ECS task definition.' }),
    ecsTaskArn: string({ indicators: ['aws_arn'], description: 'The ARN of the ECS task.' }),
    ecsTaskId: string({ description: 'The ID of the ECS task.' }),
    rejectReason: string({ description: 'Why the traffic was rejected, e.g. BPA (VPC Block Public Access).' }),
  },
  eventTime: 'start',
  parser: {
    kind: 'text',
    create: () => {
      // The format a header line announced for the rest of this object; the default until then.
      let columns: Column[] | null = null;
      return (line) => {
        const c = line.charCodeAt(0);
        if (c >= 97 && c <= 122) {
          const header = parseHeader(line);
          if (header !== null) {
            columns = header;
            return { ok: 'header' };
          }
        }
        if (columns !== null) return parseRecord(line, columns);
        // Without a header only the default layout: "2 <account> <eni> ... <action> <log-status>".
        if (c !== 50 || line.charCodeAt(1) !== 32) return notOurs(line, 'a default-format (version 2) VPC flow record');
        return parseRecord(line, DEFAULT_COLUMNS);
      };
    },
  },
});

type Kind = 'string' | 'int' | 'time' | 'action' | 'status';
interface Column {
  readonly name: string; // as AWS writes it in the header
  readonly key: string; // the event field
  readonly kind: Kind;
}

// Header names that do not follow the kebab -> camelCase rule, Panther's established names.
const RENAMED: Record<string, string> = {
  'account-id': 'account',
  srcaddr: 'srcAddr',
  dstaddr: 'dstAddr',
  srcport: 'srcPort',
  dstport: 'dstPort',
  'log-status': 'status',
  'subnet-id': 'subNetId',
  type: 'trafficType',
  'pkt-srcaddr': 'pktSrcAddr',
  'pkt-dstaddr': 'pktDstAddr',
};
const KINDS: Record<string, Kind> = {
  version: 'int', srcport: 'int', dstport: 'int', protocol: 'int', packets: 'int', bytes: 'int', 'tcp-flags': 'int',
  'traffic-path': 'int', start: 'time', end: 'time', action: 'action', 'log-status': 'status',
};
// Every field of versions 2 to 8, in AWS's order.
const KNOWN = [
  'version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes',
  'start', 'end', 'action', 'log-status', 'vpc-id', 'subnet-id', 'instance-id', 'tcp-flags', 'type', 'pkt-srcaddr',
  'pkt-dstaddr', 'region', 'az-id', 'sublocation-type', 'sublocation-id', 'pkt-src-aws-service', 'pkt-dst-aws-service',
  'flow-direction', 'traffic-path', 'ecs-cluster-arn', 'ecs-cluster-name', 'ecs-container-instance-arn',
  'ecs-container-instance-id', 'ecs-container-id', 'ecs-second-container-id', 'ecs-service-name',
  'ecs-task-definition-arn', 'ecs-task-arn', 'ecs-task-id', 'reject-reason',
];
const column = (name: string): Column => ({ name, key: RENAMED[name] ?? camelCase(name), kind: KINDS[name] ?? 'string' });
const KNOWN_COLUMNS = new Map(KNOWN.map((n) => [n, column(n)]));
const DEFAULT_COLUMNS = KNOWN.slice(0, 14).map((n) => KNOWN_COLUMNS.get(n) as Column);

// A header token: lowercase kebab-case (linear, nothing to backtrack on).
const HEADER_TOKEN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * The columns a header line announces, or null when the line is not a header. A header names
 * fields in any order; a field AWS adds later (not known here) is kept as a camelCase string when
 * most of the header is known fields.
 */
function parseHeader(line: string): Column[] | null {
  // Data lines of custom formats may start with a letter too (eni-..., vpc-...): look at the first token before splitting.
  const sp = line.indexOf(' ');
  if (!KNOWN_COLUMNS.has(sp < 0 ? line.trim() : line.slice(0, sp))) return null;
  const names = line.trim().split(' ');
  const seen = new Set<string>();
  let known = 0;
  for (const name of names) {
    if (!HEADER_TOKEN.test(name) || seen.has(name)) return null;
    seen.add(name);
    if (KNOWN_COLUMNS.has(name)) known++;
  }
  if (known * 2 < names.length) return null;
  return names.map((n) => KNOWN_COLUMNS.get(n) ?? column(n));
}

const ACTIONS = new Set(['ACCEPT', 'REJECT']);
const STATUSES = new Set(['OK', 'NODATA', 'SKIPDATA']);

function parseRecord(line: string, columns: readonly Column[]): ParseResult {
  let tokens = line.split(' ');
  // AWS separates with single spaces; tolerate stray blanks only when the count is off.
  if (tokens.length !== columns.length) tokens = line.trim().split(/ +/);
  if (tokens.length !== columns.length) {
    return reject(`VPC flow record has ${tokens.length} fields, the ${columns === DEFAULT_COLUMNS ? 'default format' : 'header'} announced ${columns.length}`);
  }
  const event: Record<string, unknown> = {};
  for (let i = 0; i < tokens.length; i++) {
    const v = tokens[i] as string;
    if (v === ABSENT) continue;
    const col = columns[i] as Column;
    switch (col.kind) {
      case 'string':
        event[col.key] = v;
        break;
      case 'int': {
        const n = toInt(v);
        if (Number.isNaN(n)) return reject(`${col.name}: expected an integer, got ${show(v)}`);
        event[col.key] = n;
        break;
      }
      case 'time': {
        const n = toInt(v);
        // normalizeTimestamp memoizes: flow windows repeat across many records.
        const ts = Number.isNaN(n) ? null : normalizeTimestamp('unix', n);
        if (ts === null) return reject(`${col.name}: expected unix seconds, got ${show(v)}`);
        event[col.key] = ts;
        break;
      }
      case 'action':
        if (!ACTIONS.has(v)) return reject(`action: expected ACCEPT or REJECT, got ${show(v)}`);
        event[col.key] = v;
        break;
      case 'status':
        if (!STATUSES.has(v)) return reject(`log-status: expected OK, NODATA or SKIPDATA, got ${show(v)}`);
        event[col.key] = v;
        break;
    }
  }
  return { ok: true, event };
}
