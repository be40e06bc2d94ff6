// strftime-style time formats for custom schemas ("%Y-%m-%d %H:%M:%S", "%d/%b/%Y:%H:%M:%S %z"),
// compiled once to an anchored regex whose groups become the normalized timestamp.
import { fromParts, monthNumber } from '../core/time.js';

type Part = 'Y' | 'y' | 'm' | 'd' | 'H' | 'I' | 'M' | 'S' | 'f' | 'b' | 'p' | 'z' | 'Z' | 'j' | 'skip';

const DIRECTIVES: Record<string, { re: string; part: Part }> = {
  Y: { re: '(\\d{4})', part: 'Y' },
  y: { re: '(\\d{2})', part: 'y' },
  m: { re: '(\\d{1,2})', part: 'm' },
  d: { re: '(\\d{1,2})', part: 'd' },
  e: { re: ' ?(\\d{1,2})', part: 'd' },
  H: { re: '(\\d{1,2})', part: 'H' },
  I: { re: '(\\d{1,2})', part: 'I' },
  M: { re: '(\\d{2})', part: 'M' },
  S: { re: '(\\d{2})', part: 'S' },
  f: { re: '(\\d{1,9})', part: 'f' },
  b: { re: '([A-Za-z]{3})', part: 'b' },
  h: { re: '([A-Za-z]{3})', part: 'b' },
  B: { re: '([A-Za-z]{3,9})', part: 'b' },
  a: { re: '(?:[A-Za-z]{3})', part: 'skip' },
  A: { re: '(?:[A-Za-z]{6,9})', part: 'skip' },
  p: { re: '([AaPp][Mm])', part: 'p' },
  z: { re: '(Z|[+-]\\d{2}:?\\d{2})', part: 'z' },
  Z: { re: '(UTC|GMT|Z)', part: 'Z' },
  j: { re: '(\\d{3})', part: 'j' },
};

export type TimeParser = (raw: unknown) => string | null;

/** Compiles a strftime format; throws with the offending directive when it is not supported. */
export function compileStrftime(format: string): TimeParser {
  let re = '^';
  const parts: Part[] = [];
  for (let i = 0; i < format.length; i++) {
    const c = format[i] as string;
    if (c !== '%') {
      re += c === ' ' ? ' +' : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      continue;
    }
    const d = format[++i];
    if (d === '%') {
      re += '%';
      continue;
    }
    const dir = d === undefined ? undefined : DIRECTIVES[d];
    if (dir === undefined) throw new Error(`time format "${format}": %${d ?? ''} is not supported (use %Y %y %m %d %e %H %I %M %S %f %b %B %a %A %p %z %Z %j)`);
    re += dir.re;
    if (dir.part !== 'skip') parts.push(dir.part);
  }
  const regex = new RegExp(`${re}$`);
  if (!parts.includes('Y') && !parts.includes('y')) throw new Error(`time format "${format}" has no year (%Y or %y)`);
  return (raw) => {
    if (typeof raw !== 'string') return null;
    const m = regex.exec(raw.trim());
    if (m === null) return null;
    let year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, frac = '', offset = 0, pm: boolean | undefined, yday = 0;
    parts.forEach((p, k) => {
      const v = m[k + 1] as string;
      switch (p) {
        case 'Y': year = Number(v); break;
        case 'y': year = 2000 + Number(v) - (Number(v) >= 69 ? 100 : 0); break;
        case 'm': month = Number(v); break;
        case 'd': day = Number(v); break;
        case 'H': hour = Number(v); break;
        case 'I': hour = Number(v) % 12; break;
        case 'M': minute = Number(v); break;
        case 'S': second = Number(v); break;
        case 'f': frac = v; break;
        case 'b': month = monthNumber(v); break;
        case 'p': pm = v.toLowerCase() === 'pm'; break;
        case 'z': offset = v === 'Z' ? 0 : (v[0] === '-' ? -1 : 1) * (Number(v.slice(1, 3)) * 60 + Number(v.slice(-2))); break;
        case 'Z': break;
        case 'j': yday = Number(v); break;
        case 'skip': break;
      }
    });
    if (pm === true) hour += 12;
    if (yday > 0) {
      const d = new Date(Date.UTC(year, 0, yday));
      month = d.getUTCMonth() + 1;
      day = d.getUTCDate();
    }
    return month === 0 ? null : fromParts(year, month, day, hour, minute, second, frac, offset);
  };
}
