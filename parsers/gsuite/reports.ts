import { array, bigint, boolean, json, object, string } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { REFERENCE, activityFields, checkKind, parameterIndicators } from './common.js';

// The API writes int64 values as JSON strings ("1487"): they coerce to numbers.
const parameter = object({
  name: string({ description: 'The name of the parameter.' }),
  value: string({ description: 'The string value of the parameter.' }),
  intValue: bigint({ coerce: true, description: 'The integer value of the parameter.' }),
  boolValue: boolean({ coerce: true, description: 'The boolean value of the parameter.' }),
  multiValue: array(string(), { description: 'The string values of the parameter.' }),
  multiIntValue: array(bigint({ coerce: true }), { description: 'The integer values of the parameter.' }),
  messageValue: json({ description: 'Nested parameter name/value pairs: {"parameter": [...]}.' }),
  multiMessageValue: array(json(), { description: 'A list of messageValue objects.' }),
});

export const Reports = defineLogType({
  name: 'GSuite.Reports',
  description: 'Google Workspace (G Suite) Admin SDK Reports API activities: one activity of an application (admin, login, drive, token...) with all its events.',
  reference: REFERENCE,
  fields: {
    ...activityFields,
    events: array(
      object({
        type: string({ description: 'The type of event: the Workspace service or feature concerned, e.g. login, acl_change, USER_SETTINGS.' }),
        name: string({ description: 'The name of the event, e.g. login_success, change_owner, SUSPEND_USER.' }),
        parameters: array(parameter, { description: 'The parameter name/value pairs of the event.' }),
      }),
      { required: true, description: 'The events of the activity.' },
    ),
  },
  parser: { kind: 'json', accept: checkKind },
  indicators: (e, set) => {
    for (const ev of e.events) {
      for (const p of ev?.parameters ?? []) {
        if (p?.name === undefined) continue;
        if (p.value !== undefined) parameterIndicators(p.name, [p.value], set);
        if (p.multiValue !== undefined) parameterIndicators(p.name, p.multiValue, set);
      }
    }
  },
});
