import { array, bigint, float, int, json, object, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { fromParts, monthNumber, parseRfc3339 } from '../core/time.js';

// "08 Jul 2020 09:00 GMT", the top-level START_TIME of Lacework's S3 alert objects.
const LACEWORK_TIME = /^(\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2})(?::(\d{2}))? (?:GMT|UTC|Z)$/;

/** Lacework's "DD Mon YYYY HH:MM GMT" (seconds optional), or RFC 3339 as the API writes times. */
export function parseLaceworkTime(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const m = LACEWORK_TIME.exec(raw.trim());
  if (m === null) return parseRfc3339(raw);
  const [, d, mon, y, h, mi, s = '0'] = m as unknown as [string, string, string, string, string, string, string | undefined];
  const month = monthNumber(mon);
  return month === 0 ? null : fromParts(Number(y), month, Number(d), Number(h), Number(mi), Number(s));
}

// Lacework writes its flags (IS_CLIENT, MFA...) as 0/1 numbers, sometimes as strings.
const flag = (description: string) => int({ coerce: true, description });
const time = (description: string) => timestamp({ description });
const ip = (description: string) => string({ indicators: ['ip'], description });
const entities = <const F extends Parameters<typeof object>[0]>(description: string, fields: F) => array(object(fields), { description });

// The entities an alert involves, one array per kind (Panther's Lacework.Events schema).
const entityMap = object(
  {
    User: entities('Users involved in the alert.', {
      MACHINE_HOSTNAME: string({ indicators: ['hostname'], description: 'The host the user is on.' }),
      USERNAME: string({ indicators: ['username'], description: 'The user name.' }),
    }),
    Application: entities('Applications involved in the alert.', {
      APPLICATION: string({ description: 'The application name.' }),
      HAS_EXTERNAL_CONNS: flag('1 if the application has external connections.'),
      IS_CLIENT: flag('1 if the application acts as a client.'),
      IS_SERVER: flag('1 if the application acts as a server.'),
      EARLIEST_KNOWN_TIME: time('When the application was first seen.'),
    }),
    Machine: entities('Machines involved in the alert.', {
      HOSTNAME: string({ indicators: ['hostname'], description: 'The host name.' }),
      EXTERNAL_IP: ip('The external IP address of the machine.'),
      INSTANCE_ID: string({ indicators: ['aws_instance_id'], description: 'The cloud instance ID.' }),
      INSTANCE_NAME: string({ description: 'The cloud instance name.' }),
      CPU_PERCENTAGE: float({ description: 'The CPU usage of the machine, in percent.' }),
      INTERNAL_IP_ADDR: ip('The internal IP address of the machine.'),
      IS_EXTERNAL: flag('1 if the machine is outside the monitored environment.'),
    }),
    Container: entities('Containers involved in the alert.', {
      IMAGE_REPO: string({ description: 'The image repository.' }),
      IMAGE_TAG: string({ description: 'The image tag.' }),
      HAS_EXTERNAL_CONNS: flag('1 if the container has external connections.'),
      IS_CLIENT: flag('1 if the container acts as a client.'),
      IS_SERVER: flag('1 if the container acts as a server.'),
      FIRST_SEEN_TIME: time('When the container was first seen.'),
      POD_NAMESPACE: string({ description: 'The Kubernetes namespace of the pod.' }),
      POD_IP_ADDR: ip('The IP address of the pod.'),
    }),
    DnsName: entities('DNS names involved in the alert.', {
      HOSTNAME: string({ indicators: ['hostname'], description: 'The DNS name.' }),
      PORT_LIST: array(int(), { description: 'The ports connected to.' }),
      TOTAL_IN_BYTES: float({ description: 'Bytes received from the name.' }),
      TOTAL_OUT_BYTES: float({ description: 'Bytes sent to the name.' }),
    }),
    IpAddress: entities('IP addresses involved in the alert.', {
      IP_ADDRESS: ip('The IP address.'),
      TOTAL_IN_BYTES: float({ description: 'Bytes received from the address.' }),
      TOTAL_OUT_BYTES: float({ description: 'Bytes sent to the address.' }),
      THREAT_TAGS: array(string(), { description: 'Threat intelligence tags of the address.' }),
      THREAT_SOURCE: json({ description: 'The threat intelligence source, as Lacework sends it.' }),
      COUNTRY: string({ description: 'The country of the address.' }),
      REGION: string({ description: 'The region of the address.' }),
      PORT_LIST: array(int(), { description: 'The ports connected to.' }),
      FIRST_SEEN_TIME: string({ description: 'When the address was first seen.' }),
    }),
    Process: entities('Processes involved in the alert.', {
      HOSTNAME: string({ indicators: ['hostname'], description: 'The host the process runs on.' }),
      PROCESS_ID: bigint({ coerce: true, description: 'The process ID.' }),
      PROCESS_START_TIME: time('When the process started.'),
      CMDLINE: string({ description: 'The command line.' }),
      CPU_PERCENTAGE: float({ description: 'The CPU usage of the process, in percent.' }),
    }),
    FileDataHash: entities('File hashes involved in the alert.', {
      FILEDATA_HASH: string({ indicators: ['sha256'], description: 'The SHA-256 hash of the file contents.' }),
      MACHINE_COUNT: bigint({ coerce: true, description: 'On how many machines the file was seen.' }),
      EXE_PATH_LIST: array(string(), { description: 'The paths the file was seen at.' }),
      FIRST_SEEN_TIME: time('When the file was first seen.'),
      IS_KNOWN_BAD: flag('1 if the hash is known bad.'),
    }),
    FileExePath: entities('Executable paths involved in the alert.', {
      EXE_PATH: string({ description: 'The path of the executable.' }),
      FIRST_SEEN_TIME: time('When the path was first seen.'),
      LAST_FILEDATA_HASH: string({ indicators: ['sha256'], description: 'The SHA-256 hash of the last file seen at the path.' }),
      LAST_PACKAGE_NAME: string({ description: 'The package the last file belongs to.' }),
      LAST_VERSION: string({ description: 'The version of that package.' }),
      LAST_FILE_OWNER: string({ indicators: ['username'], description: 'The owner of the last file.' }),
    }),
    SourceIpAddress: entities('Source IP addresses of cloud API calls in the alert.', {
      IP_ADDRESS: ip('The source IP address.'),
      REGION: string({ description: 'The region of the address.' }),
      COUNTRY: string({ description: 'The country of the address.' }),
    }),
    API: entities('Cloud APIs called.', {
      SERVICE: string({ description: 'The service, e.g. iam.amazonaws.com.' }),
      API: string({ description: 'The API, e.g. CreateUser.' }),
    }),
    Region: entities('Cloud regions involved.', {
      REGION: string({ description: 'The region.' }),
      ACCOUNT_LIST: array(string(), { indicators: ['aws_account_id'], description: 'The accounts active in the region.' }),
    }),
    CT_User: entities('CloudTrail users involved in the alert.', {
      USERNAME: string({ indicators: ['username'], description: 'The user name or ARN.' }),
      ACCOUNT_ID: string({ indicators: ['aws_account_id'], description: 'The AWS account of the user.' }),
      MFA: flag('1 if the user authenticated with MFA.'),
      API_LIST: array(string(), { description: 'The APIs the user called.' }),
      REGION_LIST: array(string(), { description: 'The regions the user was active in.' }),
      PRINCIPAL_ID: string({ description: 'The principal ID (access key) of the user.' }),
    }),
    Resource: entities('Cloud resources involved, as name/value pairs.', {
      NAME: string({ description: 'The kind of value, e.g. Arn.' }),
      VALUE: string({ indicators: ['aws_arn'], description: 'The value, often an ARN.' }),
    }),
    RecId: entities('Compliance recommendations evaluated.', {
      REC_ID: string({ description: 'The recommendation ID, e.g. AWS_CIS_1_1.' }),
      ACCOUNT_ID: string({ indicators: ['aws_account_id'], description: 'The evaluated account.' }),
      ACCOUNT_ALIAS: string({ description: 'The alias of that account.' }),
      TITLE: string({ description: 'The recommendation title.' }),
      STATUS: string({ description: 'The evaluation status.' }),
      EVAL_TYPE: string({ description: 'The evaluation type.' }),
      EVAL_GUID: string({ description: 'The evaluation ID.' }),
    }),
    CustomRule: entities('Custom rules that fired.', {
      LAST_UPDATED_TIME: time('When the rule was last updated.'),
      LAST_UPDATED_USER: string({ indicators: ['email'], description: 'Who last updated the rule.' }),
      DISPLAY_FILTER: string({ description: 'The rule filter.' }),
      RULE_GUID: string({ description: 'The rule ID.' }),
    }),
    NewViolation: entities('New compliance violations.', {
      REC_ID: string({ description: 'The recommendation violated.' }),
      REASON: string({ description: 'Why the resource violates it.' }),
      RESOURCE: string({ indicators: ['aws_arn'], description: 'The violating resource.' }),
    }),
    ViolationReason: entities('Reasons of compliance violations.', {
      REC_ID: string({ description: 'The recommendation violated.' }),
      REASON: string({ description: 'The reason.' }),
    }),
  },
  { description: 'The entities related to the detection, by kind.' },
);

export const Events = defineLogType({
  name: 'Lacework.Events',
  description: 'Lacework alerts (events) as its Amazon S3 alert channel exports them, one JSON object each.',
  // Lacework documents the S3 alert channel but not its object layout; Panther's page does.
  reference: 'https://docs.panther.com/data-onboarding/supported-logs/lacework/webhook',
  fields: {
    EVENT_CATEGORY: string({ required: true, description: 'The category of the event: App, Aws, Azure, Compliance, File, GcpAuditTrail, K8sActivity, Machine, User...' }),
    EVENT_DETAILS: object(
      {
        data: array(
          object({
            START_TIME: time('When the event started.'),
            END_TIME: time('When the event ended.'),
            EVENT_TYPE: string({ description: 'The event type, e.g. NewExternalServerDNSConn.' }),
            EVENT_ID: string({ coerce: true, description: 'The event ID.' }),
            EVENT_ACTOR: string({ description: 'The actor of the event, e.g. App, Aws, User.' }),
            EVENT_MODEL: string({ description: 'The model that detected it, e.g. PtypeConn, CloudTrailDefaultRuleset.' }),
            ENTITY_MAP: entityMap,
          }),
          { description: 'The detections of the event.' },
        ),
      },
      { required: true, description: 'The event details.' },
    ),
    SEVERITY: int({ required: true, coerce: true, description: 'The severity: 1 critical, 2 high, 3 medium, 4 low, 5 info.' }),
    START_TIME: timestamp({ required: true, format: parseLaceworkTime, description: 'When the event started (e.g. "08 Jul 2020 09:00 GMT").' }),
    SUMMARY: string({ required: true, description: 'The alert title and a short summary.' }),
    EVENT_TYPE: string({ required: true, description: 'The event type, e.g. NewInternalConnection.' }),
    EVENT_NAME: string({ required: true, description: 'The event name, e.g. New Internal Connection.' }),
    LINK: string({ required: true, description: 'A link to the event in the Lacework console.' }),
    EVENT_ID: bigint({ required: true, coerce: true, description: 'The event ID.' }),
    ACCOUNT: string({ required: true, description: 'The Lacework account (tenant) that created the event.' }),
    SOURCE: string({ required: true, description: 'The data source of the event, e.g. Lacework Agent, AWS, Compliance.' }),
  },
  eventTime: 'START_TIME',
  parser: { kind: 'json' },
});
