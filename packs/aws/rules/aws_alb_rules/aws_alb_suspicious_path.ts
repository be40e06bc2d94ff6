// Traversal sequences or well-known sensitive files in the (decoded) request path.
import type { ALB } from '../../../../parsers/aws/alb.js';
import type { EventFor } from '../../../../detections/engine/event.js';

type Event = EventFor<typeof ALB>;

const PATTERNS: readonly RegExp[] = [/\.\.\//, /\.\.\\/, /\/etc\/(passwd|shadow)/i, /\/\.env(\b|$)/i, /\/\.git\//i, /\/\.aws\/credentials/i, /wp-config\.php/i, /\/phpmyadmin/i, /\/actuator\/(env|heapdump)/i];

function path(event: Event): string {
  const url = event.get('requestUrl') ?? '';
  let p = url.replace(/^[a-z]+:\/\/[^/]*/i, '');
  // Decode twice: scanners double-encode (%252e%252e%252f).
  for (let i = 0; i < 2; i++) {
    try {
      p = decodeURIComponent(p);
    } catch {
      break;
    }
  }
  return p;
}

export function rule(event: Event): boolean {
  const p = path(event);
  return PATTERNS.some((re) => re.test(p));
}

export function title(event: Event): string {
  return `${event.get('clientIp') ?? 'unknown'} requested suspicious path ${path(event).slice(0, 200)} on ${event.get('elb') ?? 'unknown'}`;
}

export function dedup(event: Event): string {
  return event.get('clientIp') ?? 'unknown';
}

export function alertContext(event: Event): Record<string, unknown> {
  return {
    clientIp: event.get('clientIp') ?? null,
    requestUrl: event.get('requestUrl') ?? null,
    elbStatusCode: event.get('elbStatusCode') ?? null,
    userAgent: event.get('userAgent') ?? null,
    elb: event.get('elb') ?? null,
  };
}
