import { array, map, object, string } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { REFERENCE, checkHost, checkLogType, hostnameField, normalizeScalars, resultFields, rowIndicators, stringifyRow, stringifyRows } from './common.js';

const rows = (description: string) => array(map(string()), { description });

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
      const problem = checkHost(obj) ?? checkLogType(obj, 'result');
      if (problem !== null) return problem;
      normalizeScalars(obj, ['epoch', 'counter']);
      const diff = obj.diffResults;
      if (typeof diff === 'object' && diff !== null) {
        stringifyRows((diff as Record<string, unknown>).added);
        stringifyRows((diff as Record<string, unknown>).removed);
      }
      stringifyRow(obj.decorations);
      return null;
    },
  },
  indicators: (e, set) => {
    for (const row of e.diffResults.added ?? []) rowIndicators(row ?? undefined, set);
    for (const row of e.diffResults.removed ?? []) rowIndicators(row ?? undefined, set);
    rowIndicators(e.decorations, set);
  },
});
