import { array, boolean, bigint, float, int, json, object, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';

const SEVERITIES = new Set(['DEBUG', 'INFO', 'WARN', 'ERROR']);

const geographicalContext = (description: string) =>
  object(
    {
      city: string({ description: 'The city encompassing the geolocation coordinates, e.g. San Francisco.' }),
      state: string({ description: 'The state or province encompassing the coordinates, e.g. California.' }),
      country: string({ description: 'The country encompassing the coordinates, e.g. United States.' }),
      postalCode: string({ description: 'The postal code of the area.' }),
      geolocation: object(
        {
          lat: float({ description: 'Latitude.' }),
          lon: float({ description: 'Longitude.' }),
        },
        { description: 'The geolocation coordinates.' },
      ),
    },
    { description },
  );

// Actors and targets share one shape; their alternateId is an email address for users.
const entity = (what: string) => ({
  id: string({ required: true, description: `The ID of the ${what}.` }),
  type: string({ required: true, description: `The type of the ${what}, e.g. User, AppInstance, PublicClientApp.` }),
  alternateId: string({ indicators: ['email'], description: `An alternative ID of the ${what}: the login (an email address) for users.` }),
  displayName: string({ description: `The display name of the ${what}.` }),
  detailEntry: json({ description: `Further details about the ${what}.` }),
});

export const SystemLog = defineLogType({
  name: 'Okta.SystemLog',
  description: 'Okta System Log events: the audit trail of activity in an Okta organization.',
  reference: 'https://developer.okta.com/docs/reference/api/system-log/',
  fields: {
    uuid: string({ required: true, description: 'The unique identifier of the event.' }),
    published: timestamp({ required: true, description: 'When the event was published.' }),
    eventType: string({ required: true, description: 'The type of the event, e.g. user.session.start.' }),
    version: string({ required: true, description: 'The version of the event schema.' }),
    severity: string({ required: true, description: 'How severe the event is: DEBUG, INFO, WARN or ERROR.' }),
    legacyEventType: string({ description: 'The matching action of the legacy Events API.' }),
    displayMessage: string({ description: 'The human-readable message of the event.' }),
    actor: object(entity('actor'), { description: 'The entity that performed the action.' }),
    client: object(
      {
        userAgent: object(
          {
            rawUserAgent: string({ description: 'The raw User-Agent header.' }),
            os: string({ description: 'The operating system of the client, e.g. Windows 10.' }),
            browser: string({ description: 'The browser of the client, e.g. CHROME, FIREFOX.' }),
          },
          { description: 'The user agent of the client.' },
        ),
        zone: string({ description: 'The network zone the client location maps to, e.g. OFF_NETWORK.' }),
        device: string({ description: 'The kind of device the client operated from, e.g. Computer.' }),
        id: string({ description: 'The OAuth client ID for OAuth requests, or the agent ID for SSWS token requests.' }),
        ipAddress: string({ indicators: ['ip'], description: 'The IP address the client made the request from.' }),
        geographicalContext: geographicalContext('Where the client made its request from.'),
      },
      { description: 'The client that requested the action.' },
    ),
    outcome: object(
      {
        result: string({ description: 'SUCCESS, FAILURE, SKIPPED, ALLOW, DENY, CHALLENGE or UNKNOWN.' }),
        reason: string({ description: 'Why the result came about, e.g. INVALID_CREDENTIALS.' }),
      },
      { description: 'The outcome of the action.' },
    ),
    target: array(object(entity('target')), { description: 'The entities the action was performed on.' }),
    transaction: object(
      {
        type: string({ description: 'WEB for a web request, JOB for an asynchronous task.' }),
        id: string({ description: 'The unique identifier of the transaction.' }),
        detail: json({ description: 'Details of the transaction.' }),
      },
      { description: 'The transaction the action belongs to.' },
    ),
    debugContext: object(
      { debugData: json({ description: 'Miscellaneous information that depends on the event type (requestUri, threatSuspected...).' }) },
      { description: 'Debug data of the action.' },
    ),
    authenticationContext: object(
      {
        authenticationProvider: string({ description: 'The system that proved the identity: OKTA_AUTHENTICATION_PROVIDER, ACTIVE_DIRECTORY, LDAP, FEDERATION, SOCIAL, FACTOR_PROVIDER.' }),
        credentialProvider: string({ description: 'The service managing the credential: OKTA_CREDENTIAL_PROVIDER, RSA, SYMANTEC, GOOGLE, DUO, YUBIKEY...' }),
        credentialType: string({ description: 'The kind of credential: OTP, SMS, PASSWORD, ASSERTION, IWA, EMAIL, OAUTH2, JWT...' }),
        issuer: object(
          {
            id: string({ description: 'The issuer of the credential, e.g. of a SAML assertion or social token.' }),
            type: string({ description: 'The kind of issuer.' }),
          },
          { description: 'The software that created and issued the credential.' },
        ),
        externalSessionId: string({ description: "A proxy for the actor's session ID." }),
        interface: string({ description: 'The third-party user interface the actor authenticated through, if any.' }),
        authenticationStep: int({ description: 'The zero-based step in the authentication pipeline.' }),
      },
      { description: 'How the actor authenticated.' },
    ),
    securityContext: object(
      {
        asNumber: bigint({ description: 'The autonomous system number the request came from.' }),
        asOrg: string({ description: 'The organization of that autonomous system.' }),
        isp: string({ description: 'The internet service provider of the request.' }),
        domain: string({ indicators: ['domain'], description: 'The domain name of the IP address of the request.' }),
        isProxy: boolean({ description: 'Whether the request came from a known proxy.' }),
      },
      { description: 'Security data about the request.' },
    ),
    request: object(
      {
        ipChain: array(
          object({
            ip: string({ indicators: ['ip'], description: 'The IP address.' }),
            geographicalContext: geographicalContext('Where the IP address is located.'),
            version: string({ description: 'V4 or V6.' }),
            source: string({ description: 'Details of the source.' }),
          }),
          { description: 'The client IP and every proxy the request passed through, in order.' },
        ),
      },
      { description: 'The request that initiated the action.' },
    ),
  },
  eventTime: 'published',
  parser: {
    kind: 'json',
    accept: (obj) =>
      typeof obj.severity === 'string' && !SEVERITIES.has(obj.severity) ? `severity "${obj.severity}" is not DEBUG, INFO, WARN or ERROR` : null,
  },
  indicators: (e, set) => {
    // A user's alternateId is its Okta login: the username detections look for.
    if (e.actor?.type === 'User') set.add('username', e.actor.alternateId);
    for (const t of e.target ?? []) if (t?.type === 'User') set.add('username', t.alternateId);
  },
});
