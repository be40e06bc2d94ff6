import { bigint, int, string } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { REFERENCE, checkSeverity, correlationIdField, exceptionFields, metaFields, paramsField, requestMetrics, timeField } from './common.js';

export const Production = defineLogType({
  name: 'GitLab.Production',
  description: 'GitLab production_json.log: one line per request to a Rails controller (web UI, Git over HTTP, ActionCable), logged by Lograge.',
  reference: `${REFERENCE}#production_jsonlog`,
  fields: {
    method: string({ description: 'The HTTP method of the request (null for ActionCable events).' }),
    path: string({ description: 'The URL path of the request (null for ActionCable events).' }),
    format: string({ description: 'The response format, e.g. html, json.' }),
    controller: string({ description: 'The Rails controller (or ActionCable channel) class, e.g. Projects::IssuesController.' }),
    action: string({ description: 'The controller action, e.g. show, git_upload_pack.' }),
    etag_route: string({ description: 'The ETag route of a cached polling request answered by Workhorse middleware, e.g. project_pipelines.' }),
    status: int({ required: true, description: 'The HTTP response status code.' }),
    location: string({ indicators: ['url'], description: 'The redirect target of a redirect response.' }),
    time: timeField,
    severity: string({ description: 'The log level, in newer GitLab versions.' }),
    params: paramsField,
    remote_ip: string({ indicators: ['ip'], description: 'The IP address the request came from.' }),
    user_id: bigint({ description: 'The ID of the signed-in user.' }),
    username: string({ indicators: ['username'], description: 'The username of the signed-in user.' }),
    ua: string({ description: 'The User-Agent header of the request.' }),
    correlation_id: correlationIdField,
    ...requestMetrics,
    ...metaFields,
    ...exceptionFields,
  },
  eventTime: 'time',
  parser: {
    kind: 'json',
    accept: (obj) => {
      // api_json.log lines look alike but always carry the Grape route; Lograge lines name the
      // controller action, or the ETag route for polling requests answered without one.
      if ('route' in obj) return 'route present: an api_json.log (Grape) line';
      if (typeof obj.action !== 'string' && typeof obj.etag_route !== 'string') return 'neither action nor etag_route: not a Rails controller request';
      return checkSeverity(obj);
    },
  },
});
