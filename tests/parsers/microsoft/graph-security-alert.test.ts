import t from 'tap';
import { SecurityAlert } from '../../../parsers/microsoft/graph-security-alert.js';
import { at, classifyLines, eventsOf, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/microsoft/samples/MicrosoftGraph.SecurityAlert.jsonl', import.meta.url));
const m365 = sampleLines(new URL('../../../parsers/microsoft/samples/Microsoft365.Audit.jsonl', import.meta.url));
const base = JSON.parse(lines[0] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...base, ...changes });
const reasonOf = (line: string): string | undefined => {
  const [r] = classifyLines([SecurityAlert], [line]);
  return r?.kind === 'unclassified' ? r.reasons[0]?.reason : `accepted as ${r?.kind}`;
};

t.test('Graph security alerts parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([SecurityAlert], lines)) as Obj[];
  t.equal(events.length, 3);
  const [ipc, asc, mcas] = events as [Obj, Obj, Obj];

  t.match(ipc, {
    p_log_type: 'MicrosoftGraph.SecurityAlert',
    title: 'Unfamiliar sign-in properties',
    severity: 'medium',
    status: 'newAlert',
    vendorInformation: { provider: 'IPC', vendor: 'Microsoft' },
    createdDateTime: '2023-10-04 03:17:52.407123400',
    eventDateTime: '2023-10-04 03:12:09.543000000',
    p_event_time: '2023-10-04 03:12:09.543000000',
    userStates: [{ logonIp: '203.0.113.45', logonDateTime: '2023-10-04 03:12:09.543000000' }],
  });
  t.equal(ipc.confidence, null, 'nulls stay null');
  t.same(ipc.p_any_ip_addresses, ['203.0.113.45']);
  t.same(ipc.p_any_usernames, ['meganb', 'meganb@contoso.com']);
  t.same(ipc.p_any_domain_names, ['contoso.com', 'portal.azure.com'], 'the user domain and the source material host');

  t.match(asc, { severity: 'high', vendorInformation: { provider: 'ASC', subProvider: 'Detection' }, processes: [{ processId: 6632, parentProcessId: 4120, createdDateTime: '2023-10-05 10:58:12.991000000' }] });
  t.equal(at(asc, 'networkConnections', 0, 'destinationPort'), '80');
  t.same(asc.p_any_sha256_hashes, ['2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae']);
  t.same(asc.p_any_sha1_hashes, ['3c8d94e2b05b2f1a7d4ba1e7e06c7e0f5c1a9b27']);
  t.same(asc.p_any_md5_hashes, []);
  t.same(asc.p_any_ip_addresses, ['10.1.0.4', '192.0.2.66', '198.51.100.140']);
  t.same(asc.p_any_domain_names, ['malicious.example', 'portal.azure.com', 'web-vm-01.contoso.local'], 'fqdn, destination domain and URL; the NetBIOS name is no domain');
  t.same(asc.p_any_usernames, ['CONTOSO\\svc-web', 'svc-web']);

  t.match(mcas, { status: 'resolved', feedback: 'benignPositive', confidence: 80, closedDateTime: '2023-10-07 09:40:00.000000000', tags: ['VPN'] });
  t.same(mcas.p_any_ip_addresses, ['198.51.100.77', '203.0.113.19']);
  t.same(mcas.p_any_emails, ['alexw@contoso.com']);
});

t.test('ports and scores spelled as numbers are converted to strings', async (t) => {
  const [r] = classifyLines([SecurityAlert], [variant({ networkConnections: [{ destinationPort: 443, sourcePort: 50122, riskScore: 0.7 }], confidence: '40' })]);
  t.equal(r?.kind, 'event');
  if (r?.kind !== 'event') return;
  t.match(r.event, { networkConnections: [{ destinationPort: '443', sourcePort: '50122', riskScore: '0.7' }], confidence: 40 });
});

t.test('near misses are rejected with a reason', async (t) => {
  for (const key of ['id', 'azureTenantId', 'title', 'severity', 'status', 'createdDateTime', 'eventDateTime', 'vendorInformation']) {
    t.equal(reasonOf(variant({ [key]: undefined })), `${key}: required field missing`);
  }
  t.match(reasonOf(variant({ vendorInformation: 'IPC' })), /^vendorInformation: expected object, got string/);
  t.match(reasonOf(variant({ userStates: [{ isVpn: 'no' }] })), /^userStates\[0\]\.isVpn: expected boolean/);
  t.match(reasonOf(variant({ eventDateTime: 'last tuesday' })), /^eventDateTime: expected timestamp/);
  t.match(reasonOf(m365[0] as string), /required field missing/, 'an M365 record is no alert');
});
