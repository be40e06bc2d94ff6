import t from 'tap';
import { SystemLog } from '../../../parsers/okta/system-log.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { classifyLines, eventsOf, sampleLines } from '../../helpers/parse.js';

const lines = sampleLines(new URL('../../../parsers/okta/samples/Okta.SystemLog.jsonl', import.meta.url));
const first = JSON.parse(lines[0] as string) as Record<string, unknown>;

/** The first sample with some keys changed (undefined deletes). */
const variant = (changes: Record<string, unknown>): string => JSON.stringify({ ...first, ...changes });
const reasonOf = (line: string): string | undefined => {
  const [r] = classifyLines([SystemLog], [line]);
  return r?.kind === 'unclassified' ? r.reasons[0]?.reason : `accepted as ${r?.kind}`;
};

t.test('the documented examples parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([SystemLog], lines));
  t.equal(events.length, 8);
  const [doc, failure, mfa, grant, create, sso, lock, token] = events as Array<Record<string, unknown>>;

  t.match(doc, {
    uuid: 'f790999f-fe87-467a-9880-6982a583986c',
    published: '2017-09-30 22:23:07.777000000',
    eventType: 'user.session.start',
    version: '0',
    severity: 'INFO',
    legacyEventType: 'core.user_auth.login_success',
    displayMessage: 'User login to Okta',
    actor: { id: '00u1qw1mqitPHM8AJ0g7', type: 'User', alternateId: 'admin@tc1-trexcloud.com', displayName: 'John Fung' },
    client: { zone: 'OFF_NETWORK', device: 'Unknown', userAgent: { os: 'Unknown', browser: 'UNKNOWN', rawUserAgent: 'UNKNOWN-DOWNLOAD' }, ipAddress: '12.97.85.90' },
    outcome: { result: 'SUCCESS' },
    transaction: { type: 'WEB', id: 'V04Oy4ubUOc5UuG6s9DyNQAABtc' },
    debugContext: { debugData: { requestUri: '/login/do-login' } },
    authenticationContext: { authenticationStep: 0, externalSessionId: '1013FfF-DKQSvCI4RVXChzX-w' },
    p_log_type: 'Okta.SystemLog',
    p_event_time: '2017-09-30 22:23:07.777000000',
  });
  t.same(doc?.p_any_ip_addresses, ['12.97.85.90']);
  t.same(doc?.p_any_emails, ['admin@tc1-trexcloud.com']);
  t.same(doc?.p_any_usernames, ['admin@tc1-trexcloud.com']);

  t.match(failure, { outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' }, securityContext: { asNumber: 64496, domain: 'example.net', isProxy: false } });
  t.match(failure, { client: { geographicalContext: { city: 'Portland', geolocation: { lat: 45.5075, lon: -122.6896 } } } });
  t.match(failure, { authenticationContext: { authenticationProvider: 'OKTA_AUTHENTICATION_PROVIDER' } });
  t.same(failure?.p_any_ip_addresses, ['198.51.100.23', '203.0.113.10'], 'the client and the proxy of ipChain');
  t.same(failure?.p_any_domain_names, ['example.net']);

  t.match(mfa, { eventType: 'user.authentication.auth_via_mfa', authenticationContext: { authenticationProvider: 'FACTOR_PROVIDER', credentialProvider: 'OKTA_CREDENTIAL_PROVIDER', credentialType: 'OTP' } });
  t.match(mfa, { target: [{ type: 'AuthenticatorEnrollment', displayName: 'Okta Verify', detailEntry: { methodTypeUsed: 'Get a push notification' } }] });
  t.same(mfa?.p_any_usernames, ['isaac.brock@example.com'], "a non-user target's alternateId is no username");

  t.match(grant, { eventType: 'user.account.privilege.grant', published: '2020-11-25 21:27:03.496000000', debugContext: { debugData: { privilegeGranted: 'Organization administrator, Application administrator (all)' } } });
  t.same(grant?.p_any_emails, ['alice@acme.io', 'jack@acme.io']);
  t.same(grant?.p_any_usernames, ['alice@acme.io', 'jack@acme.io'], 'the user target too');

  t.match(create, { eventType: 'user.lifecycle.create', client: { id: '0oa1b2c3d4e5f6g7h8i9' }, transaction: { detail: { requestApiTokenId: '00T1a2b3c4d5e6f7g8h9' } } });
  t.same(create?.p_any_ip_addresses, ['2001:db8:85a3::8a2e:370:7334']);
  t.same(create?.p_any_usernames, ['it-admin@example.com', 'new.hire@example.com']);

  t.match(sso, { target: [{ type: 'AppInstance', alternateId: 'AWS Account Federation' }, { type: 'AppUser' }] });
  t.same(sso?.p_any_emails, ['isaac.brock@example.com']);
  t.same(sso?.p_any_usernames, ['isaac.brock@example.com']);
  t.same(sso?.p_any_domain_names, ['example.com']);

  t.match(lock, { severity: 'WARN', outcome: { result: 'FAILURE', reason: 'LOCKED_OUT' }, securityContext: { isProxy: true, asNumber: 64511 } });
  t.same(lock?.p_any_domain_names, ['vps.example.org']);

  t.match(token, { eventType: 'system.api_token.create', target: [{ type: 'Token', displayName: 'ci-provisioning' }], p_event_time: '2023-09-01 18:30:00.001000000' });
});

t.test('near misses are rejected with a reason', async (t) => {
  t.equal(reasonOf(variant({ uuid: undefined })), 'uuid: required field missing');
  t.equal(reasonOf(variant({ eventType: undefined })), 'eventType: required field missing');
  t.equal(reasonOf(variant({ severity: 'NOTICE' })), 'severity "NOTICE" is not DEBUG, INFO, WARN or ERROR');
  t.match(reasonOf(variant({ published: 'yesterday' })), /^published: expected timestamp/);
  t.equal(reasonOf(variant({ actor: { type: 'User' } })), 'actor.id: required field missing');
  t.match(reasonOf(variant({ client: { ipAddress: 1234 } })), /^client\.ipAddress: expected string, got number/);
  t.match(reasonOf(variant({ target: [{ id: 'x' }] })), /^target\[0\]\.type: required field missing/);
  t.match(reasonOf(variant({ securityContext: { asNumber: 'AS64496' } })), /^securityContext\.asNumber: expected integer/);
  t.match(reasonOf((lines[0] as string).slice(0, 200)), /^invalid JSON/);
  t.match(reasonOf('<34>Oct 11 22:14:15 mymachine su: failed'), /^invalid JSON/);
});

t.test('with every log type, each line lands on Okta.SystemLog', async (t) => {
  const results = classifyLines(builtinLogTypes, lines);
  t.same(
    results.map((r) => (r.kind === 'event' ? r.logType.name : r.kind)),
    lines.map(() => 'Okta.SystemLog'),
  );
  // An osquery status line has a severity and a version, but no uuid, published or eventType.
  const status = '{"hostIdentifier":"h","calendarTime":"Tue Nov 5 06:08:26 2018 UTC","unixTime":"1535731040","severity":"0","filename":"a.cpp","line":"1","message":"m","version":"5.0.1"}';
  const [r] = classifyLines(builtinLogTypes, [status]);
  t.equal(r?.kind === 'event' ? r.logType.name : r?.kind, 'Osquery.Status');
});
