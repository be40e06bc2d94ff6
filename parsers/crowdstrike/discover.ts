// The Falcon Discover files of the Falcon Data Replicator: userinfo (accounts and their logons)
// and appinfo (applications found on hosts). Metadata records, no sensor events.
import { bigint, float, int, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { FDR_REFERENCE, epochSeconds, metadataAccept } from './common.js';

const CID = 'The customer ID (CID).';
const RECORD_TIME = 'When the record was written (epoch seconds).';

export const UserInfo = defineLogType({
  name: 'Crowdstrike.UserInfo',
  description: 'CrowdStrike Falcon Data Replicator userinfo records (Falcon Discover): user accounts, their type, admin rights and last logon.',
  reference: `${FDR_REFERENCE}#section-userinfo`,
  fields: {
    _time: timestamp({ required: true, format: epochSeconds, description: RECORD_TIME }),
    cid: string({ required: true, indicators: ['trace_id'], description: CID }),
    AccountType: string({ required: true, description: "The type of the account: 'Domain User', 'Domain Administrator', 'Local User'..." }),
    UserName: string({ required: true, indicators: ['username'], description: 'The user name.' }),
    UserSid_readable: string({ required: true, indicators: ['trace_id'], description: 'The security identifier of the user.' }),
    User: string({ indicators: ['username'], description: 'The user name with its domain (DOMAIN\\user).' }),
    DomainUser: string({ description: "Whether the credentials belong to a domain: 'Yes' or 'No'." }),
    LastLoggedOnHost: string({ indicators: ['hostname'], description: 'The host the user last logged on to.' }),
    LocalAdminAccess: string({ description: "Whether the user is a local administrator: 'Yes' or 'No'." }),
    LoggedOnHostCount: int({ coerce: true, description: 'On how many hosts the user is logged on.' }),
    LogonInfo: string({ description: "The kind of the last logon, e.g. 'Domain User Logon'." }),
    LogonTime: timestamp({ format: epochSeconds, description: 'When the user last logged on (epoch seconds).' }),
    LogonType: string({ description: "How the user last logged on: 'Interactive', 'Network', 'Terminal Server'..." }),
    // "1.0" in current files, "N/A" when unknown: kept as written.
    monthsincereset: string({ coerce: true, description: "Months since the user's password was last reset." }),
    PasswordLastSet: timestamp({ format: epochSeconds, description: "When the user's password was last set (epoch seconds)." }),
    UserIsAdmin: int({ coerce: true, description: 'Whether the account has administrator rights: 1 or 0.' }),
    UserLogonFlags_decimal: bigint({ coerce: true, description: 'The UserLogon flags of the last logon, in decimal.' }),
    event_platform: string({ description: 'The platform of the hosts: Win.' }),
  },
  eventTime: '_time',
  parser: { kind: 'json', accept: metadataAccept() },
});

export const AppInfo = defineLogType({
  name: 'Crowdstrike.AppInfo',
  description: 'CrowdStrike Falcon Data Replicator appinfo records (Falcon Discover): applications found on hosts, by file, vendor, version and hash.',
  reference: `${FDR_REFERENCE}#section-appinfo`,
  fields: {
    _time: timestamp({ required: true, format: epochSeconds, description: RECORD_TIME }),
    cid: string({ required: true, indicators: ['trace_id'], description: CID }),
    CompanyName: string({ required: true, description: 'The vendor of the application, from its version information.' }),
    FileName: string({ required: true, description: 'The file name of the executable.' }),
    SHA256HashData: string({ required: true, indicators: ['sha256'], description: 'The SHA256 of the executable.' }),
    // Written "1" by some exports and "0.0" by others.
    detectioncount: float({ coerce: true, description: 'How many detections involved the application.' }),
    FileDescription: string({ description: 'The description of the file, if any.' }),
    FileVersion: string({ description: 'The version of the file.' }),
    ProductName: string({ description: 'The product the file belongs to.' }),
    ProductVersion: string({ description: 'The version of the product.' }),
  },
  eventTime: '_time',
  parser: { kind: 'json', accept: metadataAccept() },
});
