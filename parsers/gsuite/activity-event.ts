import { json, map, string } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { REFERENCE, activityFields, checkKind, parameterIndicators } from './common.js';

export const ActivityEvent = defineLogType({
  name: 'GSuite.ActivityEvent',
  description: "One event of a Google Workspace Reports API activity, flattened: the activity's id, actor and address with the event's type, name and parameters as a name-to-value map.",
  reference: REFERENCE,
  fields: {
    ...activityFields,
    type: string({ description: 'The type of event: the Workspace service or feature concerned, e.g. login, acl_change, USER_SETTINGS.' }),
    name: string({ required: true, description: 'The name of the event, e.g. login_success, change_owner, SUSPEND_USER.' }),
    parameters: map(json(), { description: 'The parameters of the event: name to value (string, number, boolean, list or nested object).' }),
  },
  parser: {
    kind: 'json',
    accept: (obj) => {
      // A whole activity (GSuite.Reports) carries its events in a list instead.
      if (obj.events !== undefined) return 'events present: a whole activity (GSuite.Reports), not one flattened event';
      return checkKind(obj);
    },
  },
  indicators: (e, set) => {
    const params = e.parameters ?? {};
    for (const name in params) {
      const v = params[name];
      parameterIndicators(name, Array.isArray(v) ? v : [v], set);
    }
  },
});
