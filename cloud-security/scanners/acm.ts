// AWS.ACM.Certificate: every certificate of the region, as DescribeCertificate details it, with tags.
import {
  ACMClient,
  DescribeCertificateCommand,
  KeyAlgorithm,
  ListTagsForCertificateCommand,
  paginateListCertificates,
  type CertificateSummary,
} from '@aws-sdk/client-acm';
import type { ResourceScanner, ResourceSnapshot, ScanContext } from '../types.js';
import { baseSnapshot, detail, DETAIL_CONCURRENCY, listAll, mapLimit, onlyWanted, plain, tagMap } from './common.js';

const TYPE = 'AWS.ACM.Certificate';

// The CertificateDetail fields Panther's snapshot keeps (the API's names).
const DETAIL_FIELDS = [
  'CertificateAuthorityArn', 'DomainName', 'DomainValidationOptions', 'ExtendedKeyUsages', 'FailureReason', 'InUseBy',
  'IssuedAt', 'Issuer', 'KeyAlgorithm', 'KeyUsages', 'NotAfter', 'NotBefore', 'Options', 'RenewalEligibility',
  'RenewalSummary', 'RevocationReason', 'RevokedAt', 'Serial', 'SignatureAlgorithm', 'Status', 'Subject',
  'SubjectAlternativeNames', 'Type', 'ImportedAt',
] as const;

async function snapshotCert(ctx: ScanContext, acm: ACMClient, c: CertificateSummary): Promise<ResourceSnapshot> {
  const arn = c.CertificateArn ?? '';
  const [described, tags] = await Promise.all([
    detail(ctx, TYPE, arn, () => acm.send(new DescribeCertificateCommand({ CertificateArn: arn }))),
    detail(ctx, TYPE, arn, () => acm.send(new ListTagsForCertificateCommand({ CertificateArn: arn }))),
  ]);
  const d = (plain(described?.Certificate ?? {}) ?? {}) as Record<string, unknown>;
  const own: Record<string, unknown> = {};
  for (const f of DETAIL_FIELDS) own[f] = d[f] ?? null;
  // Without DescribeCertificate, the list summary still says which domain and status it is.
  if (described === null) {
    own.DomainName = c.DomainName ?? null;
    own.Status = c.Status ?? null;
  }
  return {
    ...baseSnapshot(ctx, TYPE, {
      id: arn,
      arn,
      name: (own.DomainName as string | null) ?? null,
      tags: tagMap(tags?.Tags ?? []),
      created: described?.Certificate?.CreatedAt ?? c.CreatedAt ?? null,
    }),
    ...own,
  };
}

export const acmCertificateScanner: ResourceScanner = {
  resourceType: TYPE,
  async *scan(ctx) {
    const acm = new ACMClient(ctx.clientConfig);
    // By default ListCertificates returns only RSA_1024/RSA_2048 certificates: ask for every key type.
    const input = { Includes: { keyTypes: Object.values(KeyAlgorithm) } };
    const certs = await listAll(ctx, TYPE, () => paginateListCertificates({ client: acm }, input), (p) => p.CertificateSummaryList);
    if (certs === null) return;
    // The snapshot's Name is DescribeCertificate's DomainName, the summary's too.
    const asked = onlyWanted(ctx, certs, (c) => ({ id: c.CertificateArn ?? '', arn: c.CertificateArn ?? '', name: c.DomainName ?? null }));
    yield* await mapLimit(asked, DETAIL_CONCURRENCY, (c) => snapshotCert(ctx, acm, c));
  },
};
