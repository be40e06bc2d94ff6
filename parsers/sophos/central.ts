import { array, bigint, int, json, object, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';

// Sophos Central SIEM events and alerts arrive two ways: as the SIEM integration API returns
// them (/siem/v1/events and /siem/v1/alerts: when, created_at, source, location, user_id...),
// or as Sophos' SIEM integration script writes them in its JSON mode, which renames those keys
// to their CEF names (when -> end, created_at -> rt, source -> suser, location -> dhost,
// user_id -> duid, full_file_path -> filePath) and adds datastream. Both spellings are declared;
// Panther's Sophos.Central took the script's.

const time = (description: string) => timestamp({ description });

export const Central = defineLogType({
  name: 'Sophos.Central',
  description: 'Sophos Central SIEM integration events and alerts (endpoint detections, updates, policy violations...).',
  reference: 'https://developer.sophos.com/docs/siem-v1/1/routes/events/get',
  fields: {
    id: string({ required: true, description: 'The unique identifier of the event or alert.' }),
    type: string({ required: true, description: 'The event type, e.g. Event::Endpoint::Threat::Detected, Event::Endpoint::UpdateFailure.' }),
    group: string({ description: 'The event group (category): MALWARE, PUA, UPDATING, POLICY, DATA_LOSS_PREVENTION, PERIPHERALS, WEB...' }),
    severity: string({ coerce: true, description: 'The severity: none, low, medium, high, very_high (critical).' }),
    name: string({ description: 'The name of the threat, or a description of the event.' }),
    description: string({ description: 'The description of an alert (the SIEM script copies it into name).' }),
    customer_id: string({ description: 'The Sophos Central customer (tenant) the event belongs to.' }),
    tenant_id: string({ description: 'The tenant the event belongs to.' }),
    endpoint_id: string({ description: 'The ID of the endpoint the event is about.' }),
    endpoint_type: string({ description: 'The type of the endpoint: computer, server, mobile...' }),
    source_info: object({ ip: string({ indicators: ['ip'], description: 'The first IPv4 address of the endpoint.' }) }, { description: 'Where the event came from.' }),
    datastream: string({ description: 'event or alert: which SIEM API the record came from (added by the SIEM script).' }),
    // The API's names.
    when: time('When the event occurred on the endpoint (the API name; the SIEM script writes end).'),
    created_at: time('When the event was created in Sophos Central (the API name; the SIEM script writes rt).'),
    source: string({ description: 'The user logged in on the endpoint, DOMAIN\\user, or n/a (the API name; the SIEM script writes suser).' }),
    location: string({ indicators: ['hostname'], description: 'The name of the endpoint (the API name; the SIEM script writes dhost).' }),
    user_id: string({ description: 'The ID of the user (the API name; the SIEM script writes duid).' }),
    full_file_path: string({ description: 'The path of the detected item (the API name; the SIEM script writes filePath).' }),
    // The SIEM script's names, as Panther's Sophos.Central had them.
    end: time('When the event occurred on the endpoint.'),
    rt: time('When the event was uploaded to Sophos Central.'),
    suser: string({ description: 'The user logged in on the endpoint, DOMAIN\\user, or n/a.' }),
    dhost: string({ indicators: ['hostname'], description: 'The name of the endpoint.' }),
    duid: string({ description: 'The ID of the user.' }),
    filePath: string({ description: 'The path of the detected item.' }),
    // MALWARE
    threat: string({ description: 'The name of the threat.' }),
    detection_identity_name: string({ description: 'The name of the detection (split out of name by the SIEM script).' }),
    // DATA_LOSS_PREVENTION, split out of the event name by the SIEM script
    user: string({ indicators: ['username'], description: 'The user the data loss prevention rule applied to.' }),
    rule: string({ description: 'The data loss prevention rule.' }),
    user_action: string({ description: 'What the user did, e.g. File open.' }),
    app_name: string({ description: 'The application that moved the data.' }),
    action: string({ description: 'The data control action, e.g. Allow, Block.' }),
    file_type: string({ description: 'The type of the file.' }),
    file_size: bigint({ coerce: true, description: 'The size of the file, in bytes.' }),
    file_path: string({ description: 'The source path of the file.' }),
    // PUA
    appSha256: string({ indicators: ['sha256'], description: 'The SHA-256 of the application the detection is about.' }),
    appCerts: array(
      object({
        signer: string({ description: 'The signer of the certificate.' }),
        thumbprint: string({ indicators: ['sha256'], description: 'The thumbprint of the certificate.' }),
      }),
      { description: 'The certificates of the application.' },
    ),
    origin: string({ description: 'The component that made the detection, e.g. ML.' }),
    core_remedy_items: object(
      {
        items: array(
          object({
            type: string({ description: 'The kind of item, e.g. file, process.' }),
            result: string({ description: 'The outcome, e.g. SUCCESS, FAILED_TO_DELETE.' }),
            descriptor: string({ description: 'The path of the item.' }),
            processPath: string({ description: 'The path of the process.' }),
          }),
          { description: 'The items cleaned up or restored.' },
        ),
        totalItems: int({ description: 'The number of items.' }),
      },
      { description: 'What the cleanup did.' },
    ),
    // Alerts
    event_service_event_id: string({ description: 'The event an alert was raised for.' }),
    threat_cases: json({ description: 'The threat cases of an alert.' }),
    data: json({ description: 'Alert details, varying by type (endpoint_id, source_info, threat_id, core_remedy_items...).' }),
  },
  // Sophos' SIEM script writes end; the SIEM API's own records carry when.
  eventTime: 'end',
  eventTimeFallbacks: ['when'],
  parser: {
    kind: 'json',
    accept: (obj) => {
      // Every Sophos Central event and alert type is named Event::<Area>::...
      if (typeof obj.type !== 'string' || !obj.type.startsWith('Event::')) return `type ${JSON.stringify(obj.type)} is not a Sophos Central "Event::" type`;
      if (obj.end === undefined && obj.when === undefined) return 'end: required field missing (nor when)';
      if (obj.customer_id === undefined && obj.endpoint_id === undefined) return 'customer_id: required field missing (nor endpoint_id)';
      return null;
    },
  },
  indicators: (e, set) => {
    // Sophos writes n/a when no user was logged in.
    for (const user of [e.source, e.suser]) if (user !== undefined && user !== 'n/a') set.add('username', user);
    const data = e.data;
    if (typeof data === 'object' && data !== null) {
      const info = (data as Record<string, unknown>).source_info;
      if (typeof info === 'object' && info !== null) set.add('ip', (info as Record<string, unknown>).ip);
    }
  },
});
