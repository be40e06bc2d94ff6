// Alert delivery: configs, pure request builders, routing, sending with retries, test alerts.
export * from './config.js';
export { buildRequest, type HttpRequest, type HttpDestinationConfig } from './destinations/index.js';
export { buildSnsInput, buildSqsInput } from './destinations/aws.js';
export { sign as signWebhookBody, SIGNATURE_HEADER } from './destinations/webhook.js';
export { pagerDutySeverity } from './destinations/pagerduty.js';
export { opsgeniePriority } from './destinations/opsgenie.js';
export * from './deliver.js';
export * from './route.js';
export * from './retry.js';
export { redact, secretsOf, REDACTED } from './redact.js';
export { testAlert, sendTestAlert, TEST_RULE_ID } from './test-alert.js';
export { alertLinks, type MessageOptions } from './message.js';
export * from './dispatch.js';
export type { DestinationStore } from './destination-store.js';
export { DocumentDestinationStore, DESTINATIONS_COLLECTION } from './stores/document-destination-store.js';
