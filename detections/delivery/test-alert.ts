// "Send test alert": a clearly marked alert sent to one destination, whatever the routing.
import type { Alert } from '../types.js';
import type { DestinationConfig } from './config.js';
import { sendToDestination, type DeliveryOptions, type DeliveryResult } from './deliver.js';

export const TEST_RULE_ID = 'Panther.Test.Alert';

export function testAlert(destination: DestinationConfig, now: Date = new Date()): Alert {
  const at = now.toISOString();
  return {
    alertId: `test-${now.getTime().toString(36)}-${destination.id}`,
    type: 'RULE',
    ruleId: TEST_RULE_ID,
    title: `Test alert for destination "${destination.name}"`,
    severity: 'INFO',
    dedup: `test:${destination.id}`,
    eventCount: 0,
    logTypes: [],
    creationTime: at,
    updateTime: at,
    status: 'OPEN',
    alertContext: { pantherTestAlert: true, note: 'This is a test alert sent from Panther to check a destination. No action is needed.' },
    destinations: [destination.id],
    description: 'This is a test alert sent from Panther to check this destination is configured correctly. No action is needed.',
  };
}

export function sendTestAlert(destination: DestinationConfig, options: DeliveryOptions, now?: Date): Promise<DeliveryResult> {
  return sendToDestination(testAlert(destination, now), destination, options);
}
