import { string } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { REFERENCE, checkSeverity, correlationIdField, severityField, timeField } from './common.js';

// Gitlab::GitLogger writes plain messages: severity, time, correlation_id and message, nothing
// else (worker pid/id and Labkit meta.* context may be added). Any other key means another log.
const KEYS: ReadonlySet<string> = new Set(['severity', 'time', 'correlation_id', 'message', 'pid', 'worker_id']);

export const Git = defineLogType({
  name: 'GitLab.Git',
  description: 'GitLab git_json.log: failed requests from GitLab to Git repositories, with the Git error.',
  reference: `${REFERENCE}#git_jsonlog`,
  fields: {
    severity: severityField,
    time: timeField,
    correlation_id: correlationIdField,
    message: string({ required: true, description: 'The error from Git, e.g. "Command failed [1]: /usr/bin/git ...".' }),
  },
  eventTime: 'time',
  parser: {
    kind: 'json',
    accept: (obj) => {
      for (const k in obj) if (!KEYS.has(k) && !k.startsWith('meta.')) return `${k} present: not a git_json.log line`;
      return checkSeverity(obj);
    },
  },
});
