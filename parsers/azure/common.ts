// What the two Azure log types share: the envelope every Azure Monitor diagnostic export
// writes (Entra ID logs and the subscription activity log alike), and the rule that tells them
// apart. Both are delivered by diagnostic settings with the same top-level keys; only the
// category says which log a record belongs to, and the sets below do not overlap.
import { bigint, string, timestamp } from '../core/fields.js';

/**
 * Entra ID (Azure AD) diagnostic setting categories: Azure.Audit.
 * https://learn.microsoft.com/en-us/entra/identity/monitoring-health/howto-configure-diagnostic-settings
 */
export const ENTRA_CATEGORIES: ReadonlySet<string> = new Set([
  'AuditLogs',
  'SignInLogs',
  'NonInteractiveUserSignInLogs',
  'ServicePrincipalSignInLogs',
  'ManagedIdentitySignInLogs',
  'MicrosoftServicePrincipalSignInLogs',
  'ProvisioningLogs',
  'ADFSSignInLogs',
  'RiskyUsers',
  'UserRiskEvents',
  'RiskyServicePrincipals',
  'ServicePrincipalRiskEvents',
  'NetworkAccessTrafficLogs',
  'NetworkAccessAlerts',
  'NetworkAccessConnectionEvents',
  'RemoteNetworkHealthLogs',
  'EnrichedOffice365AuditLogs',
  'MicrosoftGraphActivityLogs',
  'AzureADGraphActivityLogs',
  'B2CRequestLogs',
]);

/**
 * Activity log categories: Azure.MonitorActivity. The storage/event hub schema documents
 * Write, Delete and Action (the operation kind) for administrative events, which older exports
 * carry in place of "Administrative". AKS control-plane audit categories (kube-audit,
 * kube-audit-admin) come through the same Azure Monitor export, and Panther's Kubernetes rules
 * read them from Azure.MonitorActivity.
 * https://learn.microsoft.com/en-us/azure/azure-monitor/essentials/activity-log-schema
 */
export const ACTIVITY_CATEGORIES: ReadonlySet<string> = new Set([
  'Administrative',
  'Security',
  'ServiceHealth',
  'Alert',
  'Recommendation',
  'Policy',
  'Autoscale',
  'ResourceHealth',
  'Write',
  'Delete',
  'Action',
  'kube-audit',
  'kube-audit-admin',
]);

/** Rejects a record whose category is not one of `allowed` (naming the sibling type when it is its). */
export function checkCategory(obj: Record<string, unknown>, allowed: ReadonlySet<string>, other: { set: ReadonlySet<string>; name: string }): string | null {
  const c = obj.category;
  if (typeof c !== 'string') return c === undefined || c === null ? 'category: required field missing' : 'category: expected string';
  if (allowed.has(c)) return null;
  if (other.set.has(c)) return `category "${c}" belongs to ${other.name}`;
  return `category "${c}" is not one this type takes`;
}

/** The envelope keys of every Azure Monitor resource log record. */
export const envelopeFields = {
  time: timestamp({ required: true, description: 'When the event occurred (UTC).' }),
  resourceId: string({ required: true, description: 'The Azure resource the event is about: /tenants/<id>/providers/Microsoft.aadiam for Entra ID, a subscription resource path for activity logs.' }),
  operationName: string({ required: true, description: 'The operation the event records.' }),
  operationVersion: string({ coerce: true, description: 'The API version of the operation.' }),
  category: string({ required: true, description: 'The log category of the event; it tells Entra ID logs (Azure.Audit) from activity logs (Azure.MonitorActivity).' }),
  tenantId: string({ description: 'The Entra ID tenant GUID.' }),
  resultType: string({ coerce: true, description: 'The result of the operation: a status (Success, Failure, Start...) or, for sign-ins, the error code (0 on success).' }),
  resultSignature: string({ coerce: true, description: 'The sub-status of the result (e.g. Succeeded.Created), or None.' }),
  resultDescription: string({ description: 'A description of the result, where there is one.' }),
  durationMs: bigint({ coerce: true, description: 'How long the operation took in milliseconds (often 0).' }),
  callerIpAddress: string({ indicators: ['ip'], description: 'The IP address of the client that made the request.' }),
  correlationId: string({ description: 'A GUID shared by the events of one operation.' }),
  location: string({ description: 'The region or country of the datacenter or sign-in.' }),
} as const;
