// AWS.SecretsManager.Secret: every secret of the region (metadata only, never the secret value)
// with its resource policy. ListSecrets already returns the DescribeSecret metadata and tags.
import { GetResourcePolicyCommand, SecretsManagerClient, paginateListSecrets, type SecretListEntry } from '@aws-sdk/client-secrets-manager';
import type { ResourceScanner, ResourceSnapshot, ScanContext } from '../types.js';
import { baseSnapshot, detail, DETAIL_CONCURRENCY, listAll, mapLimit, onlyWanted, plain, tagMap } from './common.js';

const TYPE = 'AWS.SecretsManager.Secret';

// The SecretListEntry fields kept in the snapshot (the API's names); Tags become the common map.
const FIELDS = [
  'Description', 'KmsKeyId', 'RotationEnabled', 'RotationLambdaARN', 'RotationRules', 'LastRotatedDate', 'LastChangedDate',
  'LastAccessedDate', 'DeletedDate', 'NextRotationDate', 'SecretVersionsToStages', 'OwningService', 'PrimaryRegion', 'Type',
] as const;

async function snapshotSecret(ctx: ScanContext, sm: SecretsManagerClient, s: SecretListEntry): Promise<ResourceSnapshot> {
  const arn = s.ARN ?? '';
  // A secret without a resource policy answers with no ResourcePolicy: null, not a problem.
  const policy = await detail(ctx, TYPE, arn, () => sm.send(new GetResourcePolicyCommand({ SecretId: arn })), ['ResourceNotFoundException']);
  const e = plain(s) as Record<string, unknown>;
  const own: Record<string, unknown> = {};
  for (const f of FIELDS) own[f] = e[f] ?? null;
  return {
    ...baseSnapshot(ctx, TYPE, { id: arn, arn, name: s.Name ?? null, tags: tagMap(s.Tags), created: s.CreatedDate ?? null }),
    ...own,
    // RotationEnabled is absent from the API answer when rotation was never configured.
    RotationEnabled: s.RotationEnabled ?? false,
    ResourcePolicy: policy?.ResourcePolicy ?? null,
  };
}

export const secretsManagerSecretScanner: ResourceScanner = {
  resourceType: TYPE,
  async *scan(ctx) {
    const sm = new SecretsManagerClient(ctx.clientConfig);
    // Secrets scheduled for deletion still exist (and can be restored): keep them in the snapshot.
    const secrets = await listAll(ctx, TYPE, () => paginateListSecrets({ client: sm }, { IncludePlannedDeletion: true }), (p) => p.SecretList);
    if (secrets === null) return;
    const asked = onlyWanted(ctx, secrets, (s) => ({ id: s.ARN ?? '', arn: s.ARN ?? '', name: s.Name ?? null }));
    yield* await mapLimit(asked, DETAIL_CONCURRENCY, (s) => snapshotSecret(ctx, sm, s));
  },
};
