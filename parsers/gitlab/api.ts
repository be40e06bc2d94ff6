import { bigint, int, string } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { REFERENCE, checkSeverity, correlationIdField, exceptionFields, foreignKeys, metaFields, paramsField, requestMetrics, severityField, timeField } from './common.js';

export const API = defineLogType({
  name: 'GitLab.API',
  description: 'GitLab api_json.log: one line per request to the GitLab REST API (Grape), with timings, user and client address.',
  reference: `${REFERENCE}#api_jsonlog`,
  fields: {
    time: timeField,
    severity: severityField,
    correlation_id: correlationIdField,
    status: int({ required: true, description: 'The HTTP response status code.' }),
    method: string({ required: true, description: 'The HTTP method of the request.' }),
    path: string({ required: true, description: 'The URL path of the request, e.g. /api/v4/projects.' }),
    params: paramsField,
    host: string({ required: true, indicators: ['hostname'], description: 'The host name serving the request.' }),
    ua: string({ description: 'The User-Agent header of the request.' }),
    route: string({ required: true, description: 'The Grape route of the endpoint, e.g. /api/:version/projects/:id.' }),
    remote_ip: string({ indicators: ['ip'], description: 'The IP address the request came from.' }),
    user_id: bigint({ description: 'The ID of the user who made the request.' }),
    username: string({ indicators: ['username'], description: 'The username of the user who made the request.' }),
    token_type: string({ description: 'The kind of token that authenticated the request, e.g. PersonalAccessToken.' }),
    token_id: bigint({ description: 'The ID of the token that authenticated the request.' }),
    ...requestMetrics,
    ...metaFields,
    ...exceptionFields,
  },
  eventTime: 'time',
  parser: {
    kind: 'json',
    accept: (obj) => checkSeverity(obj) ?? foreignKeys(obj, ['controller', 'action', 'etag_route'], 'a production_json.log (Rails controller) line'),
  },
});
