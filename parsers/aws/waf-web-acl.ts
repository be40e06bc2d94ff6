import { array, bigint, int, json, object, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';

const nameValue = object({
  name: string({ description: 'The header name.' }),
  value: string({ description: 'The header value.' }),
});

const ruleMatchDetail = object({
  conditionType: string({ description: 'The kind of match: SQL_INJECTION, XSS, REGEX...' }),
  sensitivityLevel: string({ description: 'The sensitivity level of a SQL injection match: LOW or HIGH.' }),
  location: string({ description: 'The part of the request that matched: HEADER, QUERY_STRING, BODY, UNKNOWN (JSON body)...' }),
  matchedData: array(string(), { description: 'The strings that matched, e.g. ["10", "AND", "1"].' }),
  matchedFieldName: string({ description: 'The name of the field that matched, when the location has names (a header, a JSON key).' }),
});

const actionResponse = object({
  responseCode: int({ description: 'The response code: 0 when the token was valid, else the code sent (405 for CAPTCHA, 202 for Challenge).' }),
  solveTimestamp: bigint({ description: 'When the CAPTCHA or challenge was last solved, in epoch seconds; 0 when it never was.' }),
  failureReason: string({ description: 'Why the token was not accepted: TOKEN_MISSING, TOKEN_EXPIRED, TOKEN_INVALID, TOKEN_DOMAIN_MISMATCH...' }),
});

const ruleDetail = object({
  ruleId: string({ description: 'The ID of the rule.' }),
  action: string({ description: 'The action of the rule: COUNT for non-terminating rules, CAPTCHA or CHALLENGE when the token was valid.' }),
  overriddenAction: string({ description: 'The rule\'s configured action when it was overridden (to COUNT).' }),
  ruleMatchDetails: array(ruleMatchDetail, { description: 'What matched, for SQL injection, XSS and regex statements.' }),
  captchaResponse: actionResponse,
  challengeResponse: actionResponse,
});

// Field names are AWS's (Panther kept them).
export const WAFWebACL = defineLogType({
  name: 'AWS.WAFWebACL',
  description: 'AWS WAF (v2) web ACL traffic logs: one JSON record per inspected web request, with the rules that matched and the action taken.',
  reference: 'https://docs.aws.amazon.com/waf/latest/developerguide/logging-fields.html',
  fields: {
    timestamp: timestamp({ required: true, format: 'unix_ms', description: 'When AWS WAF inspected the request (epoch milliseconds).' }),
    formatVersion: int({ description: 'The format version of the log.' }),
    webaclId: string({ required: true, indicators: ['aws_arn'], description: 'The ARN of the web ACL (a GUID for WAF Classic).' }),
    terminatingRuleId: string({ required: true, description: 'The ID of the rule that terminated the request, or Default_Action.' }),
    terminatingRuleType: string({ description: 'The type of the terminating rule: RATE_BASED, REGULAR, GROUP or MANAGED_RULE_GROUP.' }),
    action: string({ required: true, description: 'The terminating action: ALLOW, BLOCK, CAPTCHA or CHALLENGE.' }),
    terminatingRuleMatchDetails: array(ruleMatchDetail, { description: 'What the terminating rule matched, for SQL injection, XSS and regex statements.' }),
    httpSourceName: string({ description: 'The kind of protected resource: CF, APIGW, ALB, APPSYNC, COGNITOIDP, APPRUNNER, VERIFIED_ACCESS, or "-".' }),
    httpSourceId: string({ description: 'The ID of the protected resource, e.g. 123456789012:apiId:stage for API Gateway.' }),
    ruleGroupList: array(
      object({
        ruleGroupId: string({ indicators: ['aws_arn'], description: 'The ARN or name of the rule group.' }),
        terminatingRule: ruleDetail,
        nonTerminatingMatchingRules: array(ruleDetail),
        excludedRules: array(
          object({
            exclusionType: string({ description: 'EXCLUDED_AS_COUNT.' }),
            ruleId: string({ description: 'The ID of the excluded rule.' }),
          }),
        ),
        customerConfig: json({ description: 'The managed rule group configuration (e.g. ATP or Bot Control inspection settings).' }),
      }),
      { description: 'The rule groups that acted on the request.' },
    ),
    rateBasedRuleList: array(
      object({
        rateBasedRuleId: string({ description: 'The ID of the rate-based rule.' }),
        rateBasedRuleName: string({ description: 'The name of the rate-based rule.' }),
        limitKey: string({ description: 'What requests are aggregated on: IP, FORWARDED_IP, CUSTOMKEYS or CONSTANT.' }),
        maxRateAllowed: bigint({ description: 'The request limit per evaluation window.' }),
        limitValue: string({ description: 'The aggregation value, e.g. the client IP address; INVALID for an unparsable forwarded IP.' }),
        evaluationWindowSec: int({ coerce: true, description: 'The evaluation window in seconds (AWS writes it as a string).' }),
        customValues: array(object({ key: string(), name: string(), value: string() }), { description: 'The custom aggregation keys and their values.' }),
      }),
      { description: 'The rate-based rules that acted on the request.' },
    ),
    nonTerminatingMatchingRules: array(ruleDetail, { description: 'The rules that matched without terminating the inspection (COUNT, or CAPTCHA/CHALLENGE with a valid token).' }),
    requestHeadersInserted: array(nameValue, { description: 'The headers inserted by custom request handling.' }),
    responseCodeSent: int({ description: 'The status code of a custom response.' }),
    httpRequest: object(
      {
        clientIp: string({ required: true, indicators: ['ip'], description: 'The IP address of the client sending the request.' }),
        country: string({ description: 'The source country of the request; "-" when unknown.' }),
        headers: array(nameValue, { description: 'The request headers.' }),
        uri: string({ description: 'The URI of the request.' }),
        args: string({ description: 'The query string.' }),
        httpVersion: string({ description: 'The HTTP version, e.g. HTTP/1.1.' }),
        httpMethod: string({ description: 'The HTTP method.' }),
        requestId: string({ indicators: ['trace_id'], description: 'The request ID from the protected service (the trace ID for an ALB).' }),
        fragment: string({ description: 'The URI fragment.' }),
        scheme: string({ description: 'The scheme of the request, http or https.' }),
        host: string({ indicators: ['hostname'], description: 'The Host of the request.' }),
      },
      { required: true, description: 'The metadata about the request.' },
    ),
    labels: array(object({ name: string({ description: 'The label, e.g. awswaf:managed:aws:bot-control:bot:category:http_library.' }) }), {
      description: 'The labels that rules added to the request.',
    }),
    captchaResponse: actionResponse,
    challengeResponse: actionResponse,
    oversizeFields: array(string(), { description: 'The request parts larger than WAF inspects, e.g. REQUEST_BODY, REQUEST_HEADERS.' }),
    requestBodySize: bigint({ description: 'The size of the request body in bytes.' }),
    requestBodySizeInspectedByWAF: bigint({ description: 'The number of body bytes AWS WAF inspected.' }),
    ja3Fingerprint: string({ description: 'The JA3 fingerprint of the TLS client hello (CloudFront and ALB).' }),
    ja4Fingerprint: string({ description: 'The JA4 fingerprint of the TLS client hello (CloudFront and ALB).' }),
  },
  eventTime: 'timestamp',
  parser: { kind: 'json' },
  indicators: (e, set) => {
    for (const h of e.httpRequest.headers ?? []) {
      if (h === null || h.name === undefined || h.value === undefined) continue;
      const name = h.name.toLowerCase();
      if (name === 'host') set.add('hostname', h.value);
      else if (name === 'referer' || name === 'origin') set.add('url', h.value);
      else if (name === 'x-forwarded-for') for (const ip of h.value.split(',')) set.add('ip', ip);
    }
    for (const r of e.rateBasedRuleList ?? []) {
      if (r !== null && (r.limitKey === 'IP' || r.limitKey === 'FORWARDED_IP')) set.add('ip', r.limitValue);
    }
    // API Gateway and ALB source IDs start with the account: 123456789012:apiId:stage, 123456789012-app/name/id.
    const account = /^(\d{12})[:-]/.exec(e.httpSourceId ?? '');
    if (account !== null) set.add('aws_account_id', account[1]);
  },
});
