import { int, map, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { REFERENCE, checkLogType, columnValue, parseCalendarTime, parseUnixTime, requiredHostIdentifier, rowIndicators } from './common.js';

// Keys only query result lines have.
const RESULT_KEYS = ['action', 'columns', 'snapshot', 'diffResults'] as const;

export const Status = defineLogType({
  name: 'Osquery.Status',
  description: "osquery status logs: the daemon's own INFO, WARNING and ERROR messages (Glog), as logger plugins forward them.",
  reference: REFERENCE,
  fields: {
    hostIdentifier: requiredHostIdentifier,
    calendarTime: timestamp({ required: true, format: parseCalendarTime, description: 'When the message was logged (UTC).' }),
    unixTime: timestamp({ required: true, format: parseUnixTime, description: 'When the message was logged, from epoch seconds.' }),
    severity: int({ required: true, coerce: true, description: 'The Glog severity: 0 = INFO, 1 = WARNING, 2 = ERROR, 3 = FATAL.' }),
    filename: string({ required: true, description: 'The osquery source file that logged the message.' }),
    line: int({ required: true, coerce: true, description: 'The line in that source file.' }),
    message: string({ description: 'The message text.' }),
    version: string({ required: true, description: 'The osquery version, e.g. 5.2.3.' }),
    decorations: map(columnValue, { description: 'Decorator query results added to every log line.' }),
    log_type: string({ description: '"status", added by some logger plugins (TLS, Kinesis, Firehose).' }),
  },
  eventTime: 'calendarTime',
  parser: {
    kind: 'json',
    accept: (obj) => {
      const key = RESULT_KEYS.find((k) => obj[k] !== undefined);
      if (key !== undefined) return `${key} present: a query result line, not a status line`;
      return checkLogType(obj, 'status');
    },
  },
  indicators: (e, set) => {
    rowIndicators(e.decorations, set);
  },
});
