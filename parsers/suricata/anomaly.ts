import { int, object, string } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { REFERENCE, acceptEventType, commonFields, packetFields } from './common.js';

export const Anomaly = defineLogType({
  name: 'Suricata.Anomaly',
  description: 'Suricata EVE JSON records of event_type "anomaly": truncated or invalid packets, stream and application layer protocol violations.',
  reference: `${REFERENCE}#event-type-anomaly`,
  fields: {
    ...commonFields,
    ...packetFields,
    anomaly: object(
      {
        type: string({ description: 'Where the anomaly was found: decode, stream or applayer (unknown with a code in rare cases).' }),
        event: string({ description: 'The name of the anomalous event, e.g. decoder.udp.pkt_too_small or stream.rst_but_no_session.' }),
        code: int({ description: 'The unrecognized event code, when type is unknown.' }),
        layer: string({ description: 'For applayer anomalies, the layer that found it: proto_parser, proto_detect or parser.' }),
        app_proto: string({ description: 'The application protocol of the anomaly.' }),
      },
      { required: true, description: 'The anomaly.' },
    ),
  },
  eventTime: 'timestamp',
  parser: { kind: 'json', accept: acceptEventType('anomaly') },
});
