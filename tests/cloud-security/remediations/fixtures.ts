// Snapshots shaped as the scanners produce them, and the context the remediations get.
import type { ResourceSnapshot } from '../../../cloud-security/types.js';
import type { RemediationContext } from '../../../cloud-security/remediations/types.js';

export const ACCOUNT = '123456789012';

export const ctx: RemediationContext = {
  clientConfig: { region: 'us-east-1', credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test-secret' }, maxAttempts: 1 },
};

/** The common fields of a snapshot plus the type's own. */
export function snap(resourceType: string, id: string, name: string | null, own: Record<string, unknown>, region = 'us-east-1'): ResourceSnapshot {
  return {
    ResourceId: id,
    ResourceType: resourceType,
    AccountId: ACCOUNT,
    Region: region,
    Name: name,
    ARN: id.startsWith('arn:') ? id : null,
    Tags: {},
    TimeCreated: null,
    ...own,
  };
}
