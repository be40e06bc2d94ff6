import { array, boolean, int, json, object, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';

// Name/Value pairs: ExtendedProperties (Azure AD) and Parameters (Exchange cmdlets).
const nameValues = (description: string) =>
  array(object({ Name: string({ description: 'The name.' }), Value: string({ coerce: true, description: 'The value.' }) }), { description });

// Actor and Target of Azure AD records: the same principal under several identity kinds.
const identities = (description: string) =>
  array(
    object({
      ID: string({ description: 'The identity value: a UPN, object id, PUID or SPN, per Type.' }),
      Type: int({ coerce: true, description: 'The kind of identity the ID is.' }),
    }),
    { description },
  );

const folder = (description: string) =>
  object(
    {
      Id: string({ description: 'The store id of the folder.' }),
      Path: string({ description: 'The path of the mailbox folder.' }),
    },
    { description },
  );

export const Audit = defineLogType({
  name: 'Microsoft365.Audit',
  description: 'Microsoft 365 unified audit log records from the Office 365 Management Activity API: Azure AD, Exchange, SharePoint/OneDrive, Teams and the other workloads.',
  reference: 'https://learn.microsoft.com/en-us/office/office-365-management-api/office-365-management-activity-api-schema',
  fields: {
    // Common schema
    Id: string({ required: true, description: 'The unique identifier of the audit record.' }),
    RecordType: int({ required: true, coerce: true, description: 'The type of operation the record is about (AuditLogRecordType, e.g. 1 = ExchangeAdmin, 6 = SharePointFileOperation, 15 = AzureActiveDirectoryStsLogon).' }),
    CreationTime: timestamp({ required: true, description: 'When the user performed the activity (UTC, without a zone).' }),
    Operation: string({ required: true, description: 'The name of the user or admin activity, e.g. FileAccessed, Set-Mailbox, UserLoggedIn.' }),
    OrganizationId: string({ required: true, description: 'The GUID of the Microsoft 365 tenant.' }),
    UserType: int({ required: true, coerce: true, description: 'The kind of user that performed the operation: 0 = Regular, 2 = Admin, 3 = DcAdmin, 4 = System, 5 = Application...' }),
    UserKey: string({ required: true, indicators: ['username'], description: 'An alternative id of the user in UserId, e.g. the PUID for SharePoint, OneDrive and Exchange.' }),
    UserId: string({ required: true, indicators: ['username', 'email'], description: 'The UPN of the user who performed the action (or a system account such as NT AUTHORITY\\SYSTEM).' }),
    Workload: string({ description: 'The Microsoft 365 service where the activity occurred: AzureActiveDirectory, Exchange, SharePoint, OneDrive, MicrosoftTeams...' }),
    ResultStatus: string({ coerce: true, description: 'Whether the action succeeded: Succeeded, PartiallySucceeded, Failed (True or False for Exchange admin activity).' }),
    ObjectId: string({ description: 'The object of the activity: a file path (SharePoint), the cmdlet target (Exchange), a user (Azure AD).' }),
    ClientIP: string({ indicators: ['ip'], description: 'The IP address of the device used, IPv4 or IPv6, sometimes with a port.' }),
    Scope: string({ description: 'online or onprem: where the event was created.' }),
    AppAccessContext: json({ description: 'The app context of the activity (AADSessionId, ClientAppId, UniqueTokenId...).' }),
    // Azure Active Directory
    AzureActiveDirectoryEventType: int({ coerce: true, description: 'The kind of Azure AD event: 0 = Account login, 1 = Azure Application audit.' }),
    ExtendedProperties: nameValues('The extended properties of the Azure AD event (UserAgent, RequestType, ResultStatusDetail...).'),
    ModifiedProperties: json({ description: 'The properties an admin event changed, with their old and new values.' }),
    Actor: identities('The user or service principal that performed the action.'),
    ActorContextId: string({ description: 'The GUID of the organization the actor belongs to.' }),
    ActorIpAddress: string({ indicators: ['ip'], description: "The actor's IP address." }),
    Target: identities('The user the action was performed on.'),
    TargetContextId: string({ description: 'The GUID of the organization the target belongs to.' }),
    InterSystemsId: string({ description: 'A GUID that tracks the action across Microsoft 365 components.' }),
    IntraSystemId: string({ description: 'A GUID Azure AD generates to track the action.' }),
    SupportTicketId: string({ description: 'The customer support ticket of act-on-behalf-of actions.' }),
    ApplicationId: string({ description: 'The GUID of the application requesting the login.' }),
    Application: string({ description: 'The application that triggered the login, e.g. Office 15.' }),
    Client: string({ description: 'The client device, OS and browser of the login.' }),
    LoginStatus: int({ coerce: true, description: 'The OrgIdLogon.LoginStatus of the login; 0 on success.' }),
    UserDomain: string({ description: 'The tenant identity information (TII) of the user.' }),
    ErrorNumber: string({ coerce: true, description: 'The Azure AD STS (AADSTS) error code of a failed login; 0 on success.' }),
    LogonError: string({ description: 'A readable reason for a failed login.' }),
    DeviceProperties: json({ description: 'The device of the login (OS, browser, trust type, compliance).' }),
    // Exchange admin
    ModifiedObjectResolvedName: string({ description: 'The friendly name of the object the cmdlet modified.' }),
    Parameters: nameValues('The parameters the cmdlet in Operation was run with.'),
    ExternalAccess: boolean({ coerce: true, description: 'Whether the cmdlet was run by Microsoft datacenter personnel or a delegated admin rather than someone in the organization.' }),
    OriginatingServer: string({ description: 'The server the cmdlet was run from.' }),
    OrganizationName: string({ description: 'The name of the tenant.' }),
    // Exchange mailbox
    LogonType: int({ coerce: true, description: 'Who accessed the mailbox: 0 = owner, 1 = admin, 2 = delegate...' }),
    InternalLogonType: int({ coerce: true, description: 'Reserved for internal use.' }),
    MailboxGuid: string({ description: 'The Exchange GUID of the mailbox accessed.' }),
    MailboxOwnerUPN: string({ indicators: ['username', 'email'], description: 'The email address of the owner of the mailbox accessed.' }),
    MailboxOwnerSid: string({ description: 'The SID of the mailbox owner.' }),
    MailboxOwnerMasterAccountSid: string({ description: "The master account SID of the mailbox owner's account." }),
    LogonUserSid: string({ description: 'The SID of the user who performed the operation.' }),
    LogonUserDisplayName: string({ description: 'The display name of the user who performed the operation.' }),
    ClientInfoString: string({ description: 'The email client used: browser, Outlook or mobile device details.' }),
    ClientIPAddress: string({ indicators: ['ip'], description: 'The IP address of the device used for the mailbox operation.' }),
    ClientMachineName: string({ indicators: ['hostname'], description: 'The machine that hosts the Outlook client.' }),
    ClientProcessName: string({ description: 'The email client process that accessed the mailbox.' }),
    ClientVersion: string({ description: 'The version of the email client.' }),
    Folder: folder('The folder the items of the operation are in.'),
    DestFolder: folder('The destination folder of a move or copy.'),
    Folders: json({ description: 'The source folders of the operation.' }),
    AffectedItems: json({ description: 'The items of the group the operation acted on.' }),
    Item: json({ description: 'The item the operation acted on.' }),
    CrossMailboxOperation: boolean({ coerce: true, description: 'Whether the operation involved more than one mailbox.' }),
    DestMailboxId: string({ description: 'The GUID of the target mailbox of a cross-mailbox operation.' }),
    DestMailboxOwnerUPN: string({ indicators: ['username', 'email'], description: 'The UPN of the owner of the target mailbox.' }),
    SendAsUserSmtp: string({ indicators: ['email'], description: 'The SMTP address of the user being impersonated (SendAs).' }),
    SendOnBehalfOfUserSmtp: string({ indicators: ['email'], description: 'The SMTP address of the user on whose behalf mail was sent.' }),
    OperationProperties: json({ description: 'Operation-specific Name/Value details (e.g. MailAccessType of MailItemsAccessed).' }),
    SessionId: string({ description: 'The session of the operation.' }),
    // SharePoint and OneDrive
    Site: string({ description: 'The GUID of the site of the file or folder.' }),
    SiteUrl: string({ indicators: ['url'], description: 'The URL of the site of the file or folder.' }),
    ItemType: string({ description: 'The kind of object accessed: File, Folder, Web, Site, Tenant, DocumentLibrary, Page.' }),
    EventSource: string({ description: 'SharePoint or ObjectModel.' }),
    SourceName: string({ description: 'The entity that triggered the action.' }),
    SourceRelativeUrl: string({ description: 'The URL of the folder of the file, relative to the site.' }),
    SourceFileName: string({ description: 'The name of the file or folder accessed.' }),
    SourceFileExtension: string({ description: 'The extension of the file accessed.' }),
    DestinationRelativeUrl: string({ description: 'The URL of the destination folder of a copy or move.' }),
    DestinationFileName: string({ description: 'The name of the file copied or moved.' }),
    UserAgent: string({ description: 'The browser or client of the user.' }),
    MachineDomainInfo: string({ description: 'Device sync information.' }),
    MachineId: string({ description: 'Device sync information.' }),
    ListId: string({ description: 'The list the file belongs to.' }),
    ListItemUniqueId: string({ description: 'The unique id of the list item.' }),
    WebId: string({ description: 'The web of the site.' }),
    GeoLocation: string({ description: 'The geo of the multi-geo tenant the activity happened in, e.g. NAM.' }),
    IsManagedDevice: boolean({ coerce: true, description: 'Whether the device is managed.' }),
    DeviceDisplayName: string({ indicators: ['hostname'], description: 'The device name.' }),
    ApplicationDisplayName: string({ description: 'The application used.' }),
    EventData: string({ description: 'More data about the event, e.g. sharing details.' }),
    CorrelationId: string({ description: 'The SharePoint correlation id of the request.' }),
    AuthenticationType: string({ description: 'How the user authenticated, e.g. OAuth, FormsCookie.' }),
    BrowserName: string({ description: 'The browser name.' }),
    BrowserVersion: string({ description: 'The browser version.' }),
    Platform: string({ description: 'The platform of the client, e.g. WinDesktop.' }),
    TargetUserOrGroupName: string({ indicators: ['username'], description: 'The user or group a sharing or permission change targets.' }),
    TargetUserOrGroupType: string({ description: 'Member, Guest, SharePointGroup, SecurityGroup or Partner.' }),
  },
  eventTime: 'CreationTime',
  parser: { kind: 'json' },
  indicators: (e, set) => {
    // Actor and Target list one principal under several identity kinds; the UPNs are the usernames.
    for (const list of [e.Actor, e.Target]) {
      for (const id of list ?? []) {
        if (id === null || typeof id.ID !== 'string' || !id.ID.includes('@')) continue;
        set.add('username', id.ID);
        set.add('email', id.ID);
      }
    }
  },
});
