// 5xx from the load balancer; the Threshold turns it into a burst per load balancer.
import type { ALB } from '../../../../parsers/aws/alb.js';
import type { EventFor } from '../../../../detections/engine/event.js';

type Event = EventFor<typeof ALB>;

export function rule(event: Event): boolean {
  const status = event.get('elbStatusCode');
  return status !== undefined && status >= 500 && status <= 599;
}

export function title(event: Event): string {
  return `Burst of 5xx responses on ${event.get('elb') ?? 'unknown load balancer'}`;
}

export function dedup(event: Event): string {
  return event.get('elb') ?? 'unknown';
}

export function alertContext(event: Event): Record<string, unknown> {
  return {
    elb: event.get('elb') ?? null,
    elbStatusCode: event.get('elbStatusCode') ?? null,
    targetStatusCode: event.get('targetStatusCode') ?? null,
    clientIp: event.get('clientIp') ?? null,
    requestUrl: event.get('requestUrl') ?? null,
    targetGroupArn: event.get('targetGroupArn') ?? null,
  };
}
