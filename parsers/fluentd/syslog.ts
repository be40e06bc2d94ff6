// Records fluentd's in_syslog input makes of syslog messages, as an output writes them with
// the time and tag injected (JSON lines). The message is already parsed into fields, so these
// are JSON types, unlike Syslog.RFC3164/RFC5424 which read the raw lines.
import { bigint, int, string, timestamp } from '../core/fields.js';
import type { IndicatorSet } from '../core/indicators.js';
import { defineLogType } from '../core/logtype.js';

// in_syslog tags each record "<tag>.<facility>.<priority>" from its own two name maps.
const TAG =
  /^.+\.(?:kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|ftp|ntp|audit|alert|at|local[0-7])\.(?:emerg|alert|crit|err|warn|notice|info|debug)$/;
// IPv4 addresses inside free text; each match is validated again as it is added.
const IPV4_IN_TEXT = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])/g;

function checkTag(obj: Record<string, unknown>): string | null {
  const tag = obj.tag;
  if (typeof tag === 'string' && !TAG.test(tag)) return `tag "${tag.slice(0, 60)}" is not <tag>.<facility>.<priority> as fluentd's in_syslog makes it`;
  return null;
}

/** Free-text IPv4 addresses of a message (Panther took the IPs found in the message too). */
export function messageIndicators(message: string | undefined, set: IndicatorSet): void {
  if (message === undefined) return;
  for (const m of message.matchAll(IPV4_IN_TEXT)) set.add('ip', m[0]);
}

const REFERENCE = 'https://docs.fluentd.org/input/syslog';

const common = {
  pri: int({ description: 'Facility * 8 + Severity: the lower the value, the more important the message (when the record keeps it).' }),
  host: string({ required: true, indicators: ['hostname'], description: 'The machine that originally sent the syslog message: a host name or an IP address.' }),
  ident: string({ required: true, description: 'The application that originated the message (the syslog TAG / APP-NAME).' }),
} as const;

const trailer = {
  time: timestamp({ required: true, description: 'When the message was created, in UTC (injected by the output, e.g. "2020-03-23 16:14:06 +0000").' }),
  tag: string({ required: true, description: 'The fluentd tag: the in_syslog tag prefix, the facility and the priority, e.g. syslog.auth.info.' }),
  source_host: string({ indicators: ['hostname'], description: 'The address the message came from (in_syslog include_source_host).' }),
} as const;

export const Syslog3164 = defineLogType({
  name: 'Fluentd.Syslog3164',
  description: "RFC 3164 (BSD) syslog messages as fluentd's in_syslog input parses them into records.",
  reference: REFERENCE,
  fields: {
    ...common,
    pid: bigint({ coerce: true, description: 'The process ID in brackets after the ident, when given.' }),
    message: string({ required: true, description: 'The free-form message text.' }),
    ...trailer,
  },
  eventTime: 'time',
  parser: {
    kind: 'json',
    accept: (obj) => {
      if (obj.msgid !== undefined || obj.extradata !== undefined) return 'msgid/extradata present: an RFC 5424 record (Fluentd.Syslog5424)';
      return checkTag(obj);
    },
  },
  indicators: (e, set) => messageIndicators(e.message, set),
});

export const Syslog5424 = defineLogType({
  name: 'Fluentd.Syslog5424',
  description: "RFC 5424 syslog messages as fluentd's in_syslog input parses them into records.",
  reference: REFERENCE,
  fields: {
    ...common,
    // A string here: RFC 5424 PROCIDs are any printable word, "-" when absent.
    pid: string({ coerce: true, description: 'PROCID: often the process ID, any value that helps detect discontinuities in reporting; "-" when absent.' }),
    msgid: string({ required: true, description: "MSGID: the type of message, e.g. a firewall's TCPIN for incoming TCP traffic; \"-\" when absent." }),
    extradata: string({ required: true, description: 'STRUCTURED-DATA as its raw text, e.g. [exampleSDID@32473 iut="3"]; "-" when absent.' }),
    message: string({ description: 'The free-form message text (MSG), absent when the message has none.' }),
    ...trailer,
  },
  eventTime: 'time',
  parser: { kind: 'json', accept: checkTag },
  indicators: (e, set) => messageIndicators(e.message, set),
});
