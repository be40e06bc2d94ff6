import { bigint, int, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { EVENT_REFERENCE, baseEventFields, contextFields, epochSeconds, hostIndicators, id64, simpleNameIs } from './common.js';

// What both identity events carry (Panther's CommonIdentityFields).
const identityFields = {
  ...baseEventFields,
  ...contextFields,
  AuthenticationId: string({ required: true, coerce: true, description: 'The logon session (LUID; 0 invalid, 996 network service, 997 local service, 999 system); 64-bit on Macs.' }),
  UserPrincipal: string({ required: true, indicators: ['username'], description: 'The user principal name (user@domain).' }),
  UserSid: string({ required: true, description: 'The security identifier of the user.' }),
  AuthenticationUuid: string({ description: 'The authentication UUID (Mac).' }),
  AuthenticationUuidAsString: string({ description: 'The authentication UUID as a string (Mac).' }),
} as const;

export const UserIdentity = defineLogType({
  name: 'Crowdstrike.UserIdentity',
  description: 'CrowdStrike Falcon UserIdentity events (Falcon Data Replicator): the identity of a security principal that logged on to a host, once per principal.',
  reference: `${EVENT_REFERENCE}#section-event-UserIdentity`,
  fields: {
    ...identityFields,
    UID: bigint({ coerce: true, description: 'The user ID (Mac).' }),
    UserName: string({ indicators: ['username'], description: 'The user name.' }),
    UserCanonical: string({ description: 'The canonical name of the user (Windows).' }),
    LogonId: string({ coerce: true, description: 'The logon ID (Windows).' }),
    LoginSessionId: id64('The login session ID (Mac).'),
    LogonDomain: string({ description: 'The domain of the logon (Windows).' }),
    AuthenticationPackage: string({ description: 'The authentication package, e.g. Kerberos or NTLM (Windows).' }),
    LogonType: int({ coerce: true, description: 'The logon type: 2 interactive, 3 network, 4 batch, 5 service, 7 unlock, 8 network cleartext, 9 new credentials, 10 remote interactive, 11 cached interactive.' }),
    LogonTime: timestamp({ format: epochSeconds, description: 'When the user logged on (epoch seconds).' }),
    LogonServer: string({ indicators: ['hostname'], description: 'The server that authenticated the logon (Windows).' }),
    UserFlags: bigint({ coerce: true, description: 'Logon flags: 0x4000 optimized, 0x8000 winlogon, 0x10000 PKINIT, 0x20000 not optimized.' }),
    PasswordLastSet: timestamp({ format: epochSeconds, description: "When the user's password was last set (epoch seconds)." }),
    RemoteAccount: int({ coerce: true, description: 'Whether the account is a remote one (Windows).' }),
    UserIsAdmin: int({ coerce: true, description: 'Whether the user is an administrator: 1 or 0.' }),
    SessionId: string({ coerce: true, description: 'The terminal session ID (Windows).' }),
    UserLogonFlags: int({ coerce: true, description: 'Flags: 0x1 synthetic logon, 0x2 admin, 0x4 local user, 0x8 built-in, 0x10 identity missing.' }),
  },
  eventTime: 'timestamp',
  parser: { kind: 'json', accept: simpleNameIs('UserIdentity') },
  indicators: hostIndicators,
});

export const GroupIdentity = defineLogType({
  name: 'Crowdstrike.GroupIdentity',
  description: 'CrowdStrike Falcon GroupIdentity events (Falcon Data Replicator): the mapping of a group ID to its AuthenticationId, principal and SID for one sensor boot (Mac).',
  reference: `${EVENT_REFERENCE}#section-event-GroupIdentity`,
  fields: {
    ...identityFields,
    GID: bigint({ required: true, coerce: true, description: 'The group ID.' }),
    AuthenticationUuid: string({ required: true, description: 'The authentication UUID of the group.' }),
    AuthenticationUuidAsString: string({ required: true, description: 'The authentication UUID of the group, as a string.' }),
  },
  eventTime: 'timestamp',
  parser: { kind: 'json', accept: simpleNameIs('GroupIdentity') },
  indicators: hostIndicators,
});
