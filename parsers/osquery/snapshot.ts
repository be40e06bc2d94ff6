import { array, map, string } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { REFERENCE, checkLogType, columnValue, requiredHostIdentifier, resultFields, rowIndicators } from './common.js';

export const Snapshot = defineLogType({
  name: 'Osquery.Snapshot',
  description: 'osquery snapshot query results: every row of one run of the query in one line.',
  reference: REFERENCE,
  fields: {
    ...resultFields,
    hostIdentifier: requiredHostIdentifier,
    action: string({ required: true, description: 'Always "snapshot".' }),
    snapshot: array(map(columnValue), { required: true, description: 'The rows of the query: column name to value.' }),
  },
  eventTime: 'calendarTime',
  parser: {
    kind: 'json',
    accept: (obj) => {
      if (obj.action !== 'snapshot') {
        return obj.action === undefined ? 'action: required field missing' : `action is ${JSON.stringify(obj.action)}, not "snapshot"`;
      }
      return checkLogType(obj, 'result');
    },
  },
  indicators: (e, set) => {
    for (const row of e.snapshot) rowIndicators(row ?? undefined, set);
    rowIndicators(e.decorations, set);
  },
});
