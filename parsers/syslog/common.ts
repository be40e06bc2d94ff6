// Pieces both syslog formats share: the <PRI> prefix and the common field declarations.
import { int, string } from '../core/fields.js';

export interface Pri {
  readonly priority: number;
  readonly facility: number;
  readonly severity: number;
  /** The line after the closing '>'. */
  readonly rest: string;
}

const PRI = /^<(\d{1,3})>/;

/** Reads `<PRI>`: 0-191, i.e. facility 0-23 times 8 plus severity 0-7. */
export function parsePri(line: string): Pri | string {
  const m = PRI.exec(line);
  if (m === null) return line.startsWith('<') ? 'malformed <PRI>: expected 1-3 digits and ">"' : 'missing <PRI> at the start of the line';
  const digits = m[1] as string;
  const priority = Number(digits);
  // RFC 5424 6.2.1: no leading zeros except "<0>" itself.
  if (priority > 191 || (digits.length > 1 && digits.startsWith('0'))) return `invalid PRI "${digits}": must be 0-191 without leading zeros`;
  return { priority, facility: priority >> 3, severity: priority & 7, rest: line.slice(m[0].length) };
}

export const priorityFields = {
  priority: int({ required: true, description: 'Facility * 8 + Severity: the lower the value, the more important the message.' }),
  facility: int({ required: true, description: 'The subsystem that produced the message, e.g. 0 = kernel, 3 = system daemons, 4 = security/auth.' }),
  severity: int({ required: true, description: 'How severe the message is: 0 = Emergency to 7 = Debug.' }),
} as const;

export const hostnameField = string({
  indicators: ['hostname'],
  description: 'The machine that originally sent the message: a FQDN, a host name or an IP address.',
});

/** Strips the UTF-8 byte order mark RFC 5424 puts before a UTF-8 MSG; it is an encoding marker, not text. */
export function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}
