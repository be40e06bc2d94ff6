// CloudTrail event selectors, as the AWS.CloudTrail.Meta snapshot gives them (GetEventSelectors of
// the multi-region trails).

export interface EventSelector {
  readonly ReadWriteType?: string;
  readonly DataResources?: ReadonlyArray<{ readonly Type?: string; readonly Values?: readonly string[] }>;
}

export interface TrailMeta {
  readonly GlobalEventSelectors: readonly EventSelector[];
}

/** The data resource values that select every bucket. */
const ALL_BUCKETS = new Set(['arn:aws:s3', 'arn:aws:s3:::']);

/** True when a selector records S3 object-level events of `mode` (`All` covers both) for every bucket. */
export function recordsAllS3DataEvents(meta: TrailMeta, mode: 'ReadOnly' | 'WriteOnly'): boolean {
  return meta.GlobalEventSelectors.some(
    (s) =>
      (s.ReadWriteType === 'All' || s.ReadWriteType === mode) &&
      (s.DataResources ?? []).some((d) => d.Type === 'AWS::S3::Object' && (d.Values ?? []).some((v) => ALL_BUCKETS.has(v))),
  );
}
