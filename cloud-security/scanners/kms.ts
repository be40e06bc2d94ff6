// AWS.KMS.Key: every key of the region with its metadata, rotation status, key policy and tags.
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  paginateListAliases,
  paginateListKeys,
  paginateListResourceTags,
  type KeyListEntry,
} from '@aws-sdk/client-kms';
import type { ResourceScanner, ResourceSnapshot, ScanContext } from '../types.js';
import { baseSnapshot, collect, detail, DETAIL_CONCURRENCY, iso, listAll, mapLimit, onlyWanted, recordProblem, tagMap } from './common.js';

const TYPE = 'AWS.KMS.Key';

// Rotation does not apply to asymmetric/HMAC/imported keys, nor to keys pending deletion.
const ROTATION_NOT_APPLICABLE = ['UnsupportedOperationException', 'KMSInvalidStateException'];

async function aliasNames(ctx: ScanContext, kms: KMSClient): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  try {
    for (const a of await collect(paginateListAliases({ client: kms }, {}), (p) => p.Aliases)) {
      if (a.TargetKeyId && a.AliasName && !names.has(a.TargetKeyId)) names.set(a.TargetKeyId, a.AliasName);
    }
  } catch (err) {
    // Aliases only name the keys: without them the keys are still scanned, unnamed.
    recordProblem(ctx, TYPE, err);
  }
  return names;
}

const keyArn = (ctx: ScanContext, key: KeyListEntry): string => key.KeyArn ?? `arn:${ctx.partition}:kms:${ctx.region}:${ctx.accountId}:key/${key.KeyId ?? ''}`;

async function snapshotKey(ctx: ScanContext, kms: KMSClient, key: KeyListEntry, names: Map<string, string>): Promise<ResourceSnapshot> {
  const keyId = key.KeyId ?? '';
  const arn = keyArn(ctx, key);
  const [described, rotation, policy, tags] = await Promise.all([
    detail(ctx, TYPE, arn, () => kms.send(new DescribeKeyCommand({ KeyId: keyId }))),
    detail(ctx, TYPE, arn, () => kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId })), ROTATION_NOT_APPLICABLE),
    detail(ctx, TYPE, arn, () => kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))),
    detail(ctx, TYPE, arn, () => collect(paginateListResourceTags({ client: kms }, { KeyId: keyId }), (p) => p.Tags)),
  ]);
  const m = described?.KeyMetadata;
  return {
    ...baseSnapshot(ctx, TYPE, { id: arn, arn, name: names.get(keyId) ?? null, tags: tagMap(tags ?? []), created: m?.CreationDate ?? null }),
    KeyId: keyId,
    CloudHsmClusterId: m?.CloudHsmClusterId ?? null,
    CustomKeyStoreId: m?.CustomKeyStoreId ?? null,
    DeletionDate: iso(m?.DeletionDate),
    Description: m?.Description ?? null,
    Enabled: m?.Enabled ?? null,
    ExpirationModel: m?.ExpirationModel ?? null,
    KeyManager: m?.KeyManager ?? null,
    KeySpec: m?.KeySpec ?? null,
    KeyState: m?.KeyState ?? null,
    KeyUsage: m?.KeyUsage ?? null,
    MultiRegion: m?.MultiRegion ?? null,
    Origin: m?.Origin ?? null,
    ValidTo: iso(m?.ValidTo),
    KeyRotationEnabled: rotation?.KeyRotationEnabled ?? null,
    Policy: policy?.Policy ?? null,
  };
}

export const kmsKeyScanner: ResourceScanner = {
  resourceType: TYPE,
  async *scan(ctx) {
    const kms = new KMSClient(ctx.clientConfig);
    const keys = await listAll(ctx, TYPE, () => paginateListKeys({ client: kms }, {}), (p) => p.Keys);
    if (keys === null) return;
    // The aliases name the keys, so a key asked for by its alias is found before its detail calls.
    const names = await aliasNames(ctx, kms);
    const asked = onlyWanted(ctx, keys, (k) => ({ id: keyArn(ctx, k), arn: keyArn(ctx, k), name: names.get(k.KeyId ?? '') ?? null }));
    yield* await mapLimit(asked, DETAIL_CONCURRENCY, (k) => snapshotKey(ctx, kms, k, names));
  },
};
