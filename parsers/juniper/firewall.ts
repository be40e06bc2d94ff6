import { bigint, boolean, int, string } from '../core/fields.js';
import { defineLogType, type ParseResult } from '../core/logtype.js';
import { REFERENCE_BASE, commonFields, parseHead } from './common.js';

// An optional kernel uptime stamp ("[ 1234.567890] ") before IPTABLES.
const UPTIME = /^\[ *\d+\.\d+\] /;
const EVENT = /^IPTABLES (\w+): */;
const UINT = /^\d{1,15}$/;

type Kind = 'string' | 'int' | 'port' | 'flag';
// The iptables LOG keys kept, by kind. Keys not listed here (PHYSIN, MARK, UID, SEQ...) are skipped.
const KEYS: Readonly<Record<string, Kind>> = {
  IN: 'string',
  OUT: 'string',
  MAC: 'string',
  SRC: 'string',
  DST: 'string',
  LEN: 'int',
  TOS: 'string',
  PREC: 'string',
  TTL: 'int',
  ID: 'int',
  PROTO: 'string',
  SPT: 'port',
  DPT: 'port',
  WINDOW: 'int',
  RES: 'string',
  URGP: 'int',
  TYPE: 'int',
  CODE: 'int',
  DF: 'flag',
  SYN: 'flag',
  ACK: 'flag',
  FIN: 'flag',
  RST: 'flag',
  PSH: 'flag',
  URG: 'flag',
};

/** Parses `Mmm dd hh:mm:ss host kernel: IPTABLES Event: KEY=value ... FLAG ...`. */
export function parseFirewall(line: string, nowMs: number): ParseResult {
  const head = parseHead(line, nowMs);
  if (typeof head === 'string') return { ok: false, reason: head };
  if (!head.rest.startsWith('kernel: ')) return { ok: false, reason: 'not a "kernel:" line' };
  let rest = head.rest.slice(8);
  const uptime = UPTIME.exec(rest);
  if (uptime !== null) rest = rest.slice(uptime[0].length);
  const ev = EVENT.exec(rest);
  if (ev === null) return { ok: false, reason: 'expected "IPTABLES <event>:" after "kernel:"' };
  const event: Record<string, unknown> = { timestamp: head.timestamp, hostname: head.hostname, event: ev[1] };
  for (const token of rest.slice(ev[0].length).split(' ')) {
    if (token === '') continue;
    const eq = token.indexOf('=');
    const key = eq < 0 ? token : token.slice(0, eq);
    const value = eq < 0 ? '' : token.slice(eq + 1);
    const kind = Object.hasOwn(KEYS, key) ? KEYS[key] : undefined;
    // The first occurrence wins: UDP repeats LEN and ICMP repeats ID for their own headers.
    if (kind === undefined || key in event) continue;
    if (kind === 'flag') {
      event[key] = true;
    } else if (value === '') {
      // OUT= on input packets: nothing to keep.
    } else if (kind === 'string') {
      event[key] = value;
    } else {
      const n = UINT.test(value) ? Number(value) : NaN;
      if (Number.isNaN(n) || (kind === 'port' && n > 65535)) return { ok: false, reason: `${key}=${value}: expected ${kind === 'port' ? 'a port' : 'a number'}` };
      event[key] = n;
    }
  }
  return { ok: true, event };
}

export const Firewall = defineLogType({
  name: 'Juniper.Firewall',
  description: "Juniper WebApp Secure firewall logs: the packets the appliance's iptables firewall dropped.",
  reference: `${REFERENCE_BASE}w-a-s-incident-log-format.html`,
  fields: {
    ...commonFields,
    event: string({ description: 'Event name, e.g. Dropped.' }),
    DST: string({ indicators: ['ip'], description: 'Destination IP address.' }),
    DPT: int({ description: 'Destination port.' }),
    SRC: string({ indicators: ['ip'], description: 'Source IP address.' }),
    SPT: int({ description: 'Source port.' }),
    TTL: bigint({ description: 'IP time to live.' }),
    ID: bigint({ description: 'IP packet id.' }),
    MAC: string({ description: 'Destination MAC, source MAC and EtherType, colon-separated.' }),
    LEN: int({ description: 'IP packet length.' }),
    TOS: string({ description: 'IP type of service field.' }),
    PREC: string({ description: 'IP precedence bits.' }),
    RST: boolean({ description: 'The TCP RST flag is set.' }),
    SYN: boolean({ description: 'The TCP SYN flag is set.' }),
    DF: boolean({ description: 'The IP do not fragment flag is set.' }),
    IN: string({ description: 'Input interface.' }),
    OUT: string({ description: 'Output interface.' }),
    PROTO: string({ description: 'Protocol: TCP, UDP, ICMP...' }),
    WINDOW: int({ description: 'TCP receive window.' }),
    ACK: boolean({ description: 'The TCP ACK flag is set.' }),
    FIN: boolean({ description: 'The TCP FIN flag is set.' }),
    PSH: boolean({ description: 'The TCP PSH flag is set.' }),
    URG: boolean({ description: 'The TCP URG flag is set.' }),
    RES: string({ description: 'TCP reserved bits.' }),
    URGP: int({ description: 'TCP urgent pointer.' }),
    TYPE: int({ description: 'ICMP type.' }),
    CODE: int({ description: 'ICMP code.' }),
  },
  eventTime: 'timestamp',
  parser: { kind: 'text', create: () => (line) => parseFirewall(line, Date.now()) },
});
