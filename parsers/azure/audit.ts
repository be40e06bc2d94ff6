import { array, bigint, boolean, json, object, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { ACTIVITY_CATEGORIES, ENTRA_CATEGORIES, checkCategory, envelopeFields } from './common.js';

// Users and apps appear in several places with the same keys (initiatedBy.user,
// targetResources[]): the UPN is a user's sign-in name and mostly an email address.
const principal = (what: string) =>
  object(
    {
      id: string({ description: `The object id of the ${what}.` }),
      displayName: string({ description: `The display name of the ${what}.` }),
      userPrincipalName: string({ indicators: ['username', 'email'], description: `The user principal name of the ${what}.` }),
      ipAddress: string({ indicators: ['ip'], description: `The IP address the ${what} acted from.` }),
      roles: json({ description: `The roles of the ${what}.` }),
    },
    { description: `The ${what}.` },
  );

const app = object(
  {
    appId: string({ description: 'The application id.' }),
    displayName: string({ description: 'The application name.' }),
    servicePrincipalId: string({ description: 'The service principal object id.' }),
    servicePrincipalName: string({ indicators: ['username'], description: 'The service principal name.' }),
  },
  { description: 'The application that initiated the activity.' },
);

// additionalDetails keys that hold the actor's IP address (PIM writes ipaddr).
const IP_DETAIL_KEYS: ReadonlySet<string> = new Set(['ipaddr', 'ipaddress']);

export const Audit = defineLogType({
  name: 'Azure.Audit',
  description: 'Microsoft Entra ID (Azure AD) audit and sign-in logs as diagnostic settings export them to storage or event hubs.',
  reference: 'https://learn.microsoft.com/en-us/entra/identity/monitoring-health/reference-azure-monitor-sign-ins-log-schema',
  fields: {
    ...envelopeFields,
    identity: string({ description: 'The identity from the token of the request: a user, system account or service principal display name.' }),
    // Sign-in exports write Level (4 = Informational), audit log exports level (Informational). The
    // lake's JSON columns are case-insensitive, so one column holds both; Level stays in the event.
    level: string({ coerce: true, description: 'The message level: Informational in audit log exports; Level, 4 for Informational, in sign-in exports.' }),
    locationDetails: json({ description: 'Where the sign-in came from, when exported at the top level.' }),
    networkLocationDetails: json({ description: 'The network locations of the sign-in.' }),
    properties: object(
      {
        id: string({ description: 'The unique id of the audit activity or sign-in.' }),
        category: string({ description: 'Audit logs: the resource category the activity targets (UserManagement, RoleManagement...).' }),
        correlationId: string({ description: 'The correlation id of the activity.' }),
        // Audit logs
        activityDateTime: timestamp({ description: 'When the audited activity was performed.' }),
        activityDisplayName: string({ description: 'The audited activity, e.g. Add member to group.' }),
        loggedByService: string({ description: 'The service that logged the activity, e.g. Core Directory, PIM.' }),
        operationType: string({ description: 'Add, Update, Delete, Assign or Other.' }),
        result: string({ description: 'success, failure, timeout or unknownFutureValue.' }),
        resultReason: string({ description: 'Why the activity had the result it had.' }),
        initiatedBy: object({ user: principal('initiating user'), app }, { description: 'The user or app that initiated the activity.' }),
        targetResources: array(
          object({
            id: string({ description: 'The id of the target.' }),
            displayName: string({ description: 'The display name of the target.' }),
            type: string({ description: 'The kind of target: User, Group, Role, Application, Policy...' }),
            userPrincipalName: string({ indicators: ['username', 'email'], description: 'The UPN of a user target.' }),
            modifiedProperties: json({ description: 'The properties changed on the target, with old and new values.' }),
            groupType: string({ description: 'The type of a group target.' }),
          }),
          { description: 'The resources the activity was performed on.' },
        ),
        additionalDetails: array(
          object({ key: string({ description: 'The detail name.' }), value: string({ coerce: true, description: 'The detail value.' }) }),
          { description: 'Activity-specific key-value details.' },
        ),
        // Sign-in logs
        createdDateTime: timestamp({ description: 'When the sign-in was initiated.' }),
        userDisplayName: string({ description: 'The display name of the user signing in.' }),
        userPrincipalName: string({ indicators: ['username', 'email'], description: 'The UPN of the user signing in.' }),
        userId: string({ description: 'The object id of the user signing in.' }),
        userType: string({ description: 'Member or Guest.' }),
        appId: string({ description: 'The id of the application signed in to.' }),
        appDisplayName: string({ description: 'The name of the application signed in to.' }),
        ipAddress: string({ indicators: ['ip'], description: 'The IP address the sign-in came from.' }),
        clientAppUsed: string({ description: 'The client app used, e.g. Browser, Mobile Apps and Desktop clients, Exchange ActiveSync.' }),
        isInteractive: boolean({ description: 'Whether the sign-in was interactive.' }),
        conditionalAccessStatus: string({ description: 'success, failure, notApplied or unknownFutureValue.' }),
        appliedConditionalAccessPolicies: json({ description: 'The conditional access policies the sign-in met and their outcome.' }),
        status: object(
          {
            errorCode: bigint({ coerce: true, description: 'The sign-in error code (AADSTS); 0 on success.' }),
            failureReason: string({ description: 'Why the sign-in failed.' }),
            additionalDetails: string({ description: 'More about the failure.' }),
          },
          { description: 'The sign-in status.' },
        ),
        deviceDetail: json({ description: 'The device the sign-in came from (OS, browser, compliance).' }),
        location: json({ description: 'The city, state, country and coordinates of the sign-in.' }),
        authenticationDetails: json({ description: 'The authentication steps and methods of the sign-in.' }),
        authenticationProcessingDetails: json({ description: 'Authentication processing details, e.g. the library used.' }),
        authenticationRequirement: string({ description: 'singleFactorAuthentication or multiFactorAuthentication.' }),
        authenticationProtocol: string({ description: 'The protocol of the sign-in: none, oAuth2, ropc, saml20, deviceCode...' }),
        clientCredentialType: string({ description: 'The credential a service principal used: clientSecret, certificate...' }),
        crossTenantAccessType: string({ description: 'none, b2bCollaboration, b2bDirectConnect, microsoftSupport...' }),
        incomingTokenType: string({ description: 'The kind of token presented, e.g. primaryRefreshToken.' }),
        riskDetail: string({ description: 'The reason behind the risk state.' }),
        riskLevelAggregated: string({ description: 'The aggregated risk level: none, low, medium, high, hidden.' }),
        riskLevelDuringSignIn: string({ description: 'The risk level during the sign-in.' }),
        riskState: string({ description: 'The risk state of the user.' }),
        riskEventTypes: json({ description: 'The risk event types of the sign-in.' }),
        riskEventTypes_v2: json({ description: 'The risk event types of the sign-in (current names).' }),
        resourceDisplayName: string({ description: 'The resource signed in to, e.g. Microsoft Graph.' }),
        resourceId: string({ description: 'The id of the resource signed in to.' }),
        servicePrincipalId: string({ description: 'The service principal of a service principal sign-in.' }),
        servicePrincipalName: string({ indicators: ['username'], description: 'The name of the service principal signing in.' }),
        tokenIssuerType: string({ description: 'AzureAD, ADFederationServices...' }),
        uniqueTokenIdentifier: string({ description: 'The unique identifier of the token.' }),
        signInEventTypes: json({ description: 'interactiveUser, nonInteractiveUser, servicePrincipal, managedIdentity.' }),
        homeTenantId: string({ description: 'The home tenant of the user signing in.' }),
        resourceTenantId: string({ description: 'The tenant of the resource signed in to.' }),
        processingTimeInMilliseconds: bigint({ coerce: true, description: 'How long the sign-in took to process.' }),
      },
      { description: 'The audit activity or sign-in itself, as the Microsoft Graph directoryAudit and signIn resources describe it.' },
    ),
  },
  eventTime: 'time',
  parser: {
    kind: 'json',
    accept: (obj) => checkCategory(obj, ENTRA_CATEGORIES, { set: ACTIVITY_CATEGORIES, name: 'Azure.MonitorActivity' }),
  },
  indicators: (e, set) => {
    // PIM and some directory activities record the actor's address as an additional detail.
    for (const d of e.properties?.additionalDetails ?? []) {
      if (d !== null && typeof d.key === 'string' && IP_DETAIL_KEYS.has(d.key.toLowerCase())) set.add('ip', d.value);
    }
  },
});
