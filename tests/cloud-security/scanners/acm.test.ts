import t from 'tap';
import { ACMClient, DescribeCertificateCommand, ListCertificatesCommand, ListTagsForCertificateCommand } from '@aws-sdk/client-acm';
import { mockClient } from 'aws-sdk-client-mock';
import { acmCertificateScanner } from '../../../cloud-security/scanners/acm.js';
import { ACCOUNT, context, deniedException, scanAll, throttled } from './fixtures/groupA.js';

const acm = mockClient(ACMClient);
const certArn = (id: string) => `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/${id}`;
const C1 = certArn('12345678-1234-1234-1234-123456789012');
const C2 = certArn('abcdefab-abcd-abcd-abcd-abcdefabcdef');

const summary = (arn: string, domain: string) => ({ CertificateArn: arn, DomainName: domain, Status: 'ISSUED' as const, Type: 'AMAZON_ISSUED' as const, KeyAlgorithm: 'RSA_2048' as const, InUse: true, CreatedAt: new Date('2024-01-01T00:00:00Z') });

function certificate(arn: string, domain: string) {
  return {
    CertificateArn: arn,
    DomainName: domain,
    SubjectAlternativeNames: [domain, `www.${domain}`],
    DomainValidationOptions: [{ DomainName: domain, ValidationDomain: domain, ValidationStatus: 'SUCCESS' as const, ValidationMethod: 'DNS' as const, ResourceRecord: { Name: `_x1.${domain}.`, Type: 'CNAME' as const, Value: '_x2.acm-validations.aws.' } }],
    Serial: '0a:1b:2c:3d',
    Subject: `CN=${domain}`,
    Issuer: 'Amazon',
    CreatedAt: new Date('2024-01-01T00:00:00Z'),
    IssuedAt: new Date('2024-01-01T00:05:00Z'),
    Status: 'ISSUED' as const,
    NotBefore: new Date('2024-01-01T00:00:00Z'),
    NotAfter: new Date('2025-01-30T23:59:59Z'),
    KeyAlgorithm: 'RSA_2048' as const,
    SignatureAlgorithm: 'SHA256WITHRSA',
    InUseBy: [`arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/web/50dc6c495c0c9188`],
    Type: 'AMAZON_ISSUED' as const,
    KeyUsages: [{ Name: 'DIGITAL_SIGNATURE' as const }, { Name: 'KEY_ENCIPHERMENT' as const }],
    ExtendedKeyUsages: [{ Name: 'TLS_WEB_SERVER_AUTHENTICATION' as const, OID: '1.3.6.1.5.5.7.3.1' }],
    RenewalEligibility: 'ELIGIBLE' as const,
    Options: { CertificateTransparencyLoggingPreference: 'ENABLED' as const },
  };
}

function happyPath() {
  acm.reset();
  acm.on(ListCertificatesCommand).resolves({ CertificateSummaryList: [summary(C1, 'example.com')] });
  acm.on(DescribeCertificateCommand).callsFake((input: { CertificateArn: string }) => ({
    Certificate: certificate(input.CertificateArn, input.CertificateArn === C1 ? 'example.com' : 'example.org'),
  }));
  acm.on(ListTagsForCertificateCommand).resolves({ Tags: [{ Key: 'env', Value: 'prod' }] });
}

t.test('full snapshot of one certificate, field by field', async (t) => {
  happyPath();
  const ctx = context('eu-west-1');
  const [cert, ...rest] = await scanAll(acmCertificateScanner, ctx);
  t.equal(rest.length, 0);
  t.same(ctx.problems, []);
  t.strictSame(cert, {
    ResourceId: C1,
    ResourceType: 'AWS.ACM.Certificate',
    AccountId: ACCOUNT,
    Region: 'eu-west-1',
    Name: 'example.com',
    ARN: C1,
    Tags: { env: 'prod' },
    TimeCreated: '2024-01-01T00:00:00.000Z',
    CertificateAuthorityArn: null,
    DomainName: 'example.com',
    DomainValidationOptions: [{ DomainName: 'example.com', ValidationDomain: 'example.com', ValidationStatus: 'SUCCESS', ValidationMethod: 'DNS', ResourceRecord: { Name: '_x1.example.com.', Type: 'CNAME', Value: '_x2.acm-validations.aws.' } }],
    ExtendedKeyUsages: [{ Name: 'TLS_WEB_SERVER_AUTHENTICATION', OID: '1.3.6.1.5.5.7.3.1' }],
    FailureReason: null,
    InUseBy: [`arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/web/50dc6c495c0c9188`],
    IssuedAt: '2024-01-01T00:05:00.000Z',
    Issuer: 'Amazon',
    KeyAlgorithm: 'RSA_2048',
    KeyUsages: [{ Name: 'DIGITAL_SIGNATURE' }, { Name: 'KEY_ENCIPHERMENT' }],
    NotAfter: '2025-01-30T23:59:59.000Z',
    NotBefore: '2024-01-01T00:00:00.000Z',
    Options: { CertificateTransparencyLoggingPreference: 'ENABLED' },
    RenewalEligibility: 'ELIGIBLE',
    RenewalSummary: null,
    RevocationReason: null,
    RevokedAt: null,
    Serial: '0a:1b:2c:3d',
    SignatureAlgorithm: 'SHA256WITHRSA',
    Status: 'ISSUED',
    Subject: 'CN=example.com',
    SubjectAlternativeNames: ['example.com', 'www.example.com'],
    Type: 'AMAZON_ISSUED',
    ImportedAt: null,
  });
  // Every key type is asked for: the API's default leaves out EC and RSA > 2048 certificates.
  t.same(acm.commandCalls(ListCertificatesCommand)[0]?.args[0].input.Includes?.keyTypes?.length, 7);
});

t.test('pagination: both pages are scanned and the NextToken is passed', async (t) => {
  happyPath();
  acm.on(ListCertificatesCommand).resolves({ CertificateSummaryList: [summary(C1, 'example.com')], NextToken: 'tok-2' });
  acm.on(ListCertificatesCommand, { NextToken: 'tok-2' }).resolves({ CertificateSummaryList: [summary(C2, 'example.org')] });
  const certs = await scanAll(acmCertificateScanner, context('eu-west-1'));
  t.same(certs.map((c) => c.Name), ['example.com', 'example.org']);
  t.equal(acm.commandCalls(ListCertificatesCommand)[1]?.args[0].input.NextToken, 'tok-2');
});

t.test('access denied on DescribeCertificate: yielded from the summary, details null, problem recorded', async (t) => {
  happyPath();
  acm.on(DescribeCertificateCommand).rejects(deniedException('acm:DescribeCertificate'));
  const ctx = context('eu-west-1');
  const [cert] = await scanAll(acmCertificateScanner, ctx);
  t.equal(cert?.DomainName, 'example.com');
  t.equal(cert?.Status, 'ISSUED');
  t.equal(cert?.NotAfter, null);
  t.same(cert?.Tags, { env: 'prod' });
  t.match(ctx.problems, [{ resourceType: 'AWS.ACM.Certificate', region: 'eu-west-1', resourceId: C1, kind: 'access-denied' }]);
});

t.test('access denied on ListCertificates: nothing yielded', async (t) => {
  happyPath();
  acm.on(ListCertificatesCommand).rejects(deniedException('acm:ListCertificates'));
  const ctx = context('eu-west-1');
  t.same(await scanAll(acmCertificateScanner, ctx), []);
  t.match(ctx.problems, [{ kind: 'access-denied', resourceType: 'AWS.ACM.Certificate' }]);
});

t.test('throttled tags call (mock bypasses SDK retries): recorded, tags empty', async (t) => {
  happyPath();
  acm.on(ListTagsForCertificateCommand).rejectsOnce(throttled()).resolves({ Tags: [] });
  const ctx = context('eu-west-1');
  const [cert] = await scanAll(acmCertificateScanner, ctx);
  t.same(cert?.Tags, {});
  t.equal(cert?.Issuer, 'Amazon');
  t.match(ctx.problems, [{ kind: 'throttled', resourceId: C1 }]);
});
