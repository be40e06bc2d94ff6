import t from 'tap';
import { Central } from '../../../parsers/sophos/central.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { at, classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/sophos/samples/Sophos.Central.jsonl', import.meta.url));
const base = JSON.parse(lines[0] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...base, ...changes });

t.test('Sophos Central events parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([Central], lines)) as Obj[];
  t.equal(events.length, 6);
  const [update, dlp, pua, malware, apiEvent, apiAlert] = events as [Obj, Obj, Obj, Obj, Obj, Obj];

  // The SIEM script's spelling: end is the event time, rt the upload time.
  t.match(update, {
    p_log_type: 'Sophos.Central',
    id: '403f1bf5-7fe4-484b-bbc9-18f1c601e111',
    type: 'Event::Endpoint::UpdateFailure',
    group: 'UPDATING',
    severity: 'low',
    datastream: 'event',
    customer_id: '70511420-ab08-4b6b-ab52-239213ee27d9',
    end: '2020-05-19 22:17:26.033000000',
    rt: '2020-05-19 22:17:26.059000000',
    p_event_time: '2020-05-19 22:17:26.033000000',
    dhost: 'JSmith-MBP-Remote',
    source_info: { ip: '192.168.4.25' },
  });
  t.same(update.p_any_ip_addresses, ['192.168.4.25']);
  t.same(update.p_any_usernames, ['JSmith-MBP-Remote\\johnsmith']);
  t.same(update.p_any_domain_names, [], 'a NetBIOS endpoint name is not a domain');

  t.match(dlp, { group: 'DATA_LOSS_PREVENTION', rule: /^Finance and share trading/, user_action: 'File open', action: 'Allow', app_name: 'Google Chrome', file_size: 89984, p_event_time: '2020-07-28 02:21:07.000000000' });
  t.same(dlp.p_any_usernames, ['DESKTOP-B5ADQ52\\John Smith'], 'suser and user are the same person');

  t.match(pua, { group: 'PUA', threat: 'Generic ML PUA', origin: 'ML', appCerts: [{ signer: 'Prey, Inc.' }], p_event_time: '2020-07-20 16:26:32.837000000' });
  t.same(pua.p_any_sha256_hashes, ['872eb5b781c744be01b914434e03d771046557c40ee0192bb6d4a15d80590f45', 'c1c0160ddeeb82388aaf1b9957112a3ac9dbcfce6ef3822a9a3250dce2efec11'], 'the application and its certificate');
  t.same(pua.p_any_ip_addresses, ['10.0.0.251']);

  t.match(malware, { group: 'MALWARE', type: 'Event::Endpoint::Threat::CleanupFailed', threat: 'W32/Elkern-C', detection_identity_name: 'W32/Elkern-C', filePath: /^\/Users\/jsmith\/Dropbox/ });
  t.same(malware.p_any_usernames, ['JSMITH-MAC-SJ\\jsmith']);

  // The SIEM API's own spelling: when, created_at, source, location; when gives the event time.
  t.match(apiEvent, { type: 'Event::Endpoint::UpdateRebootRequired', when: '2024-04-23 16:22:10.159000000', created_at: '2024-04-23 16:22:10.170000000', location: 'AA1AAAA-1234AAA1', endpoint_type: 'server', p_event_time: '2024-04-23 16:22:10.159000000' });
  t.same(apiEvent.p_any_ip_addresses, ['10.0.0.1']);
  t.same(apiEvent.p_any_usernames, [], 'n/a: nobody was logged in');

  t.match(apiAlert, { type: 'Event::Endpoint::Threat::PuaCleanupFailed', description: /^Manual PUA cleanup required/, event_service_event_id: '222222bb-2b0b-22bb-b222-2222b2b02b22', threat: 'PsKill', when: '2024-05-17 08:27:35.081000000', p_event_time: '2024-05-17 08:27:35.081000000', threat_cases: [] });
  t.equal(at(apiAlert, 'data', 'core_remedy_items', 'items', 0, 'result'), 'FAILED_TO_DELETE');
  t.same(apiAlert.p_any_ip_addresses, ['10.0.0.2'], 'the endpoint IP inside an alert\'s data');
  t.same(apiAlert.p_any_usernames, ['EndpointDevice-\\test']);
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(rejection([Central], variant({ id: undefined })), /id: required field missing/);
  t.match(rejection([Central], variant({ type: undefined })), /type undefined is not a Sophos Central "Event::" type/);
  t.match(rejection([Central], variant({ type: 'UpdateFailure' })), /type "UpdateFailure" is not a Sophos Central "Event::" type/);
  t.match(rejection([Central], variant({ end: undefined })), /end: required field missing \(nor when\)/);
  t.match(rejection([Central], variant({ customer_id: undefined, endpoint_id: undefined })), /customer_id: required field missing \(nor endpoint_id\)/);
  t.match(rejection([Central], variant({ end: '19/05/2020 22:17' })), /end: expected timestamp, got string "19\/05\/2020 22:17"/);
  t.match(rejection([Central], variant({ source_info: '192.168.4.25' })), /source_info: expected object, got string/);
  t.match(rejection([Central], variant({ file_size: '89 KB' })), /file_size: expected integer, got string "89 KB"/);
  t.match(rejection([Central], variant({ appCerts: [{ thumbprint: 42 }] })), /appCerts\[0\]\.thumbprint: expected string, got number/);
});

t.test('with every log type, each sample lands on Sophos.Central', async (t) => {
  const got = classifyLines(builtinLogTypes, lines).map((r) => (r.kind === 'event' ? r.logType.name : r.kind));
  t.same(got, lines.map(() => 'Sophos.Central'));
});
