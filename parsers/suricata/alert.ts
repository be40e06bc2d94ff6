import { array, bigint, int, json, map, object, string } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { REFERENCE, acceptEventType, addIpList, commonFields, packetFields, tcpObject, xffField } from './common.js';
import { flowObject } from './flow.js';
import { httpIndicators, httpObject } from './http.js';
import { tlsIndicators, tlsObject } from './tls.js';

const endpoint = (role: string) =>
  object(
    {
      ip: string({ indicators: ['ip'], description: `The IP address of the ${role}.` }),
      port: int({ description: `The port of the ${role}.` }),
    },
    { description: `The ${role} of the attack, when the rule uses the target keyword.` },
  );

export const Alert = defineLogType({
  name: 'Suricata.Alert',
  description: 'Suricata EVE JSON records of event_type "alert": a rule (signature) matched, with the rule, the verdict and the traffic it matched.',
  reference: `${REFERENCE}#event-type-alert`,
  fields: {
    ...commonFields,
    ...packetFields,
    src_ip: string({ required: true, indicators: ['ip'], description: 'The source IP address of the packet that matched.' }),
    dest_ip: string({ required: true, indicators: ['ip'], description: 'The destination IP address of the packet that matched.' }),
    alert: object(
      {
        action: string({ description: 'allowed, or blocked when a drop/reject rule matched in IPS mode.' }),
        gid: int({ description: 'The generator ID of the rule (1 for rules from rule files).' }),
        signature_id: bigint({ description: 'The signature (rule) ID, sid.' }),
        rev: int({ description: 'The revision of the rule.' }),
        signature: string({ description: 'The message (msg) of the rule.' }),
        category: string({ description: 'The classification of the rule (classtype description).' }),
        severity: int({ description: 'The priority of the rule: 1 is the most severe.' }),
        source: endpoint('source'),
        target: endpoint('target'),
        metadata: map(array(string()), { description: 'The metadata of the rule, each key with its values (e.g. created_at, signature_severity).' }),
        rule: string({ description: 'The text of the rule, when rule logging is enabled.' }),
        xff: string({ description: 'The X-Forwarded-For address, in extra-data XFF mode (where recent releases write it).' }),
        tenant_id: int({ description: 'The tenant of the rule, in multi-tenant mode.' }),
      },
      { required: true, description: 'The alert: which rule matched and what was done.' },
    ),
    payload: string({ description: 'The payload of the packet (or stream segment), base64-encoded.' }),
    payload_printable: string({ description: 'The printable part of the payload.' }),
    stream: int({ description: '1 when the alert matched on reassembled stream data rather than a single packet.' }),
    verdict: json({ description: 'The IPS verdict for the packet (action, reject target), Suricata 7 and later.' }),
    flow: flowObject,
    tcp: tcpObject,
    http: httpObject,
    tls: tlsObject,
    dns: json({ description: 'The DNS transaction that matched, in the alert DNS format.' }),
    files: array(json(), { description: 'The files of the transaction that matched.' }),
    xff: xffField,
  },
  eventTime: 'timestamp',
  parser: { kind: 'json', accept: acceptEventType('alert') },
  indicators: (e, set) => {
    httpIndicators(e.http, set);
    tlsIndicators(e.tls, set);
    // Older releases write the XFF address beside the alert object, newer ones inside it.
    addIpList(set, e.alert.xff);
    addIpList(set, e.xff);
  },
});
