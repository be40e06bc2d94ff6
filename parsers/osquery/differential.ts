import { map, string } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { REFERENCE, checkHost, checkLogType, columnValue, hostnameField, resultFields, rowIndicators } from './common.js';

export const Differential = defineLogType({
  name: 'Osquery.Differential',
  description: 'osquery scheduled query results in the event format: one row added or removed per line.',
  reference: REFERENCE,
  fields: {
    ...resultFields,
    hostname: hostnameField,
    action: string({ required: true, description: 'Whether the row was "added" to or "removed" from the results since the last run.' }),
    columns: map(columnValue, { required: true, description: 'The row: column name to value.' }),
  },
  eventTime: 'calendarTime',
  parser: {
    kind: 'json',
    accept: (obj) => {
      // "snapshot" belongs to Osquery.Snapshot; batch and status lines have no action.
      if (obj.action !== 'added' && obj.action !== 'removed') {
        return obj.action === undefined ? 'action: required field missing' : `action is ${JSON.stringify(obj.action)}, not "added" or "removed"`;
      }
      return checkHost(obj) ?? checkLogType(obj, 'result');
    },
  },
  indicators: (e, set) => {
    rowIndicators(e.columns, set);
    rowIndicators(e.decorations, set);
  },
});
