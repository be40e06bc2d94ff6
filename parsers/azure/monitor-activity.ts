import { json, object, string } from '../core/fields.js';
import type { IndicatorSet } from '../core/indicators.js';
import { defineLogType } from '../core/logtype.js';
import { ACTIVITY_CATEGORIES, ENTRA_CATEGORIES, checkCategory, envelopeFields } from './common.js';

// Token claims arrive under their full URIs; these name the caller.
const UPN_CLAIM = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn';
const NAME_CLAIM = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name';
const EMAIL_CLAIM = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const MonitorActivity = defineLogType({
  name: 'Azure.MonitorActivity',
  description: 'Azure Monitor activity log events (administrative, security, service health, alert, policy...) as diagnostic settings export them, and AKS audit records exported alongside.',
  reference: 'https://learn.microsoft.com/en-us/azure/azure-monitor/essentials/activity-log-schema',
  fields: {
    ...envelopeFields,
    identity: object(
      {
        authorization: object(
          {
            scope: string({ description: 'The resource scope the action was authorized on.' }),
            action: string({ description: 'The authorized operation, e.g. Microsoft.Compute/virtualMachines/write.' }),
            evidence: json({ description: 'Why the caller was authorized: role, role assignment, principal.' }),
          },
          { description: 'The Azure RBAC properties of the event.' },
        ),
        claims: json({ description: 'The claims of the caller token (upn, ipaddr, appid, oid...), keyed by claim name or URI.' }),
      },
      { description: 'The caller: its authorization and token claims.' },
    ),
    level: string({ description: 'The event level: Critical, Error, Warning, Informational or Verbose.' }),
    properties: json({ description: 'Category-specific details of the event (for AKS records, the Kubernetes audit event as a string under log).' }),
  },
  eventTime: 'time',
  parser: {
    kind: 'json',
    accept: (obj) => checkCategory(obj, ACTIVITY_CATEGORIES, { set: ENTRA_CATEGORIES, name: 'Azure.Audit' }),
  },
  indicators: (e, set) => {
    const claims = e.identity?.claims;
    if (isRecord(claims)) {
      set.add('ip', claims.ipaddr);
      for (const c of [UPN_CLAIM, EMAIL_CLAIM]) {
        set.add('email', claims[c]);
        set.add('username', claims[c]);
      }
      set.add('username', claims[NAME_CLAIM]);
    }
    if (isRecord(e.properties)) kubeAuditIndicators(e.properties.log, set);
  },
});

/** AKS records carry the Kubernetes audit event as a JSON string: its user and source IPs. */
function kubeAuditIndicators(log: unknown, set: IndicatorSet): void {
  if (typeof log !== 'string' || !log.startsWith('{')) return;
  let event: unknown;
  try {
    event = JSON.parse(log);
  } catch {
    return; // a truncated log line: nothing to take
  }
  if (!isRecord(event)) return;
  if (isRecord(event.user)) set.add('username', event.user.username);
  if (Array.isArray(event.sourceIPs)) for (const ip of event.sourceIPs) set.add('ip', ip);
}
