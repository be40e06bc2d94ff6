import { array, map, object, string } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { REFERENCE, checkHost, checkLogType, columnValue, hostnameField, resultFields, rowIndicators } from './common.js';

const rows = (description: string) => array(map(columnValue), { description });

export const Batch = defineLogType({
  name: 'Osquery.Batch',
  description: 'osquery scheduled query results in the batch format (--logger_event_type=false): all added and removed rows of a run in one line.',
  reference: REFERENCE,
  fields: {
    ...resultFields,
    hostname: hostnameField,
    diffResults: object(
      {
        added: rows('Rows added since the last run.'),
        removed: rows('Rows removed since the last run.'),
      },
      { required: true, description: 'The differences from the previous run of the query.' },
    ),
  },
  eventTime: 'calendarTime',
  parser: {
    kind: 'json',
    accept: (obj) => {
      // An action marks event-format (differential) and snapshot lines.
      if (obj.action !== undefined) return `action ${JSON.stringify(obj.action)} present: not a batch line`;
      return checkHost(obj) ?? checkLogType(obj, 'result');
    },
  },
  indicators: (e, set) => {
    for (const row of e.diffResults.added ?? []) rowIndicators(row ?? undefined, set);
    for (const row of e.diffResults.removed ?? []) rowIndicators(row ?? undefined, set);
    rowIndicators(e.decorations, set);
  },
});
