import { array, int, json, object, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';

// "<epoch seconds>.<offset in alerts.log>", as analysisd builds the alert id.
const ALERT_ID = /^\d{1,12}\.\d{1,20}$/;

export const EventInfo = defineLogType({
  name: 'OSSEC.EventInfo',
  description: 'OSSEC HIDS alerts in the JSON format (alerts.json, written when jsonout_output is on).',
  reference: 'https://www.ossec.net/docs/docs/formats/alerts.html',
  fields: {
    id: string({ required: true, description: 'Unique id of the alert: epoch seconds, a dot, and the position in alerts.log.' }),
    rule: object(
      {
        comment: string({ required: true, description: 'The rule description.' }),
        group: string({ required: true, description: 'The rule groups, comma-separated as in the rule file, e.g. "syslog,sshd,".' }),
        level: int({ required: true, description: 'The level of the rule (0 to 16). Alerts and responses use this value.' }),
        sidid: int({ required: true, description: 'The ID of the rule (100 to 99999).' }),
        CIS: array(string(), { description: 'The Center for Internet Security (CIS) checks relevant to the rule.' }),
        cve: string({ description: 'A CVE identifier relevant to the rule.' }),
        firedtimes: int({ description: 'The number of times the rule fired.' }),
        frequency: int({ description: 'The number of times the rule must have matched before firing.' }),
        groups: array(string(), { description: 'The rule groups as a list, without the pci_dss_ and cis_ ones.' }),
        info: string({ description: 'Additional information or reference about the rule.' }),
        PCI_DSS: array(string(), { description: 'The PCI DSS requirements relevant to the rule.' }),
      },
      { required: true, description: 'Information about the rule that created the alert.' },
    ),
    TimeStamp: timestamp({ required: true, format: 'unix_ms', description: 'When the alert was created, from epoch milliseconds.' }),
    location: string({ required: true, description: 'Source of the event: a file name, a command, or "(agent) ip->file" for agents.' }),
    hostname: string({ indicators: ['hostname'], description: 'Hostname of the host that created the event.' }),
    full_log: string({ required: true, description: 'The full captured log of the event.' }),
    action: string({ description: 'The event action (drop, deny, accept...).' }),
    agentip: string({ indicators: ['ip'], description: 'The IP address of the agent, from the location.' }),
    agent_name: string({ indicators: ['hostname'], description: 'The name of the agent that sent the event.' }),
    command: string({ description: 'The command extracted by the decoder.' }),
    data: string({ description: 'Additional data extracted by the decoder, e.g. a file name.' }),
    // Some OSSEC builds write the decoder name and then a decoder object under this same key:
    // JSON keeps the last one, so the value is a string or an object.
    decoder: json({ description: 'The name of the decoder used to parse the log (or, from some builds, the decoder_desc object).' }),
    decoder_desc: object(
      {
        accumulate: int({ description: 'Set when OSSEC tracks events over multiple log messages based on the decoded id.' }),
        fts: int({ description: 'The First Time Seen option of analysisd.' }),
        ftscomment: string({ description: 'Unused at this time.' }),
        name: string({ description: 'The name of the decoder.' }),
        parent: string({ description: "The name of the decoder's parent, for a nested decoder." }),
      },
      { description: 'Information about the decoder used to parse the log.' },
    ),
    decoder_parent: string({ description: "The name of the decoder's parent, for a nested decoder." }),
    dstgeoip: string({ description: 'GeoIP location of the destination IP address.' }),
    dstip: string({ indicators: ['ip'], description: 'The destination IP address.' }),
    dstport: string({ coerce: true, description: 'The destination port.' }),
    dstuser: string({ indicators: ['username'], description: 'The destination (target) user name.' }),
    logfile: string({ description: 'The log file that was decoded to generate the event.' }),
    previous_output: string({ description: 'The full captured log of the previous event (for correlated rules).' }),
    program_name: string({ description: 'The program name extracted from the log by the decoder.' }),
    protocol: string({ description: 'The protocol (ip, tcp, udp...) extracted by the decoder.' }),
    srcgeoip: string({ description: 'GeoIP location of the source IP address.' }),
    srcip: string({ indicators: ['ip'], description: 'The source IP address.' }),
    srcport: string({ coerce: true, description: 'The source port.' }),
    srcuser: string({ indicators: ['username'], description: 'The source user name.' }),
    status: string({ description: 'Event status (success, failure...).' }),
    SyscheckFile: object(
      {
        gowner_after: string({ description: 'The group owner after the change.' }),
        gowner_before: string({ description: 'The group owner before the change.' }),
        md5_after: string({ indicators: ['md5'], description: 'MD5 of the file after the change.' }),
        md5_before: string({ indicators: ['md5'], description: 'MD5 of the file before the change.' }),
        owner_after: string({ description: 'The file owner after the change.' }),
        owner_before: string({ description: 'The file owner before the change.' }),
        path: string({ description: 'The path of the file.' }),
        perm_after: int({ description: 'The permissions of the file after the change.' }),
        perm_before: int({ description: 'The permissions of the file before the change.' }),
        sha1_after: string({ indicators: ['sha1'], description: 'SHA1 of the file after the change.' }),
        sha1_before: string({ indicators: ['sha1'], description: 'SHA1 of the file before the change.' }),
      },
      { description: 'What a file integrity check (syscheck) found changed.' },
    ),
    systemname: string({ description: 'The system name extracted by the decoder.' }),
    url: string({ indicators: ['url'], description: 'URL of the event.' }),
  },
  eventTime: 'TimeStamp',
  parser: {
    kind: 'json',
    accept: (obj) => {
      const id = obj.id;
      if (typeof id === 'string' && !ALERT_ID.test(id)) return `id "${id.slice(0, 40)}" is not an OSSEC alert id (<epoch>.<offset>)`;
      return null;
    },
  },
});
