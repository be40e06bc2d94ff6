import { bigint, int, string } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { EVENT_REFERENCE, addHashes, baseEventFields, hostIndicators, contextFields, id64, processFields, simpleNameIs } from './common.js';

const windowsOnly = (what: string) => string({ coerce: true, description: `${what} (Windows).` });

export const ProcessRollup2 = defineLogType({
  name: 'Crowdstrike.ProcessRollup2',
  description: 'CrowdStrike Falcon ProcessRollup2 ("PR2") events (Falcon Data Replicator): a process that started or ran on a host, with its image, command line and hashes.',
  reference: `${EVENT_REFERENCE}#section-event-ProcessRollup2`,
  fields: {
    ...baseEventFields,
    ...processFields,
    UserName: string({ indicators: ['username'], description: 'The user the process runs as (Linux, current sensors).' }),
    ProcessCreateFlags: windowsOnly('The flags of the original process creation, a bitfield'),
    ProcessParameterFlags: windowsOnly('The NtCreateUserProcess parameter flags, a bitfield'),
    ProcessSxsFlags: windowsOnly('The side-by-side (manifest) flags'),
    ParentAuthenticationId: id64('The logon session (LUID) of the parent process (Windows).'),
    TokenType: windowsOnly('The token type'),
    SessionId: windowsOnly('The terminal session ID'),
    WindowFlags: windowsOnly('The window flags'),
    ShowWindowFlags: windowsOnly('The window visibility flags'),
    WindowStartingPositionHorizontal: bigint({ coerce: true, description: 'The starting horizontal position of the window (Windows).' }),
    WindowStartingPositionVertical: bigint({ coerce: true, description: 'The starting vertical position of the window (Windows).' }),
    WindowStartingWidth: bigint({ coerce: true, description: 'The starting width of the window (Windows).' }),
    WindowStartingHeight: bigint({ coerce: true, description: 'The starting height of the window (Windows).' }),
    Desktop: windowsOnly('The desktop of the process window'),
    WindowStation: windowsOnly('The window station of the process'),
    WindowTitle: windowsOnly('The title of the process window'),
    LinkName: windowsOnly('The shortcut (.lnk) the process was started from'),
    ApplicationUserModelId: windowsOnly('The application user model ID'),
    CallStackModuleNames: windowsOnly('The modules of the creating call stack'),
    CallStackModuleNamesVersion: windowsOnly('The version of CallStackModuleNames'),
    RpcClientProcessId: id64('The unique ID of the RPC client that had the process created (Windows).'),
    CsaProcessDataCollectionInstanceId: windowsOnly('The CSA process data collection instance ID'),
    OriginalCommandLine: windowsOnly('The original command line of the process'),
    CreateProcessType: windowsOnly('The way the process was created'),
    ZoneIdentifier: windowsOnly('The mark-of-the-web zone of the image'),
    HostUrl: string({ indicators: ['url'], description: 'The URL the image was downloaded from (mark of the web, Windows).' }),
    ReferrerUrl: string({ indicators: ['url'], description: 'The referrer of that download (mark of the web, Windows).' }),
    GrandParent: windowsOnly('The grandparent process'),
    BaseFileName: windowsOnly('The file name of the image'),
    SignInfoFlags: windowsOnly('The signature verification flags of the image'),
    AuthenticodeHashData: windowsOnly('The Authenticode hash of the image'),
    Tags: string({ coerce: true, description: 'Process tags, a comma-separated list (Windows, Mac).' }),
    ParentBaseFileName: string({ description: 'The file name of the parent process image (Windows, Mac, Linux).' }),
    MachOSubType: string({ coerce: true, description: 'The Mach-O subtype of the image (Mac).' }),
    TtyName: string({ description: 'The TTY of the process (Linux).' }),
    OciContainerId: string({ description: 'The OCI container the process runs in (Linux).' }),
    SourceAndroidComponentName: string({ description: 'The source component name (Android).' }),
    TargetAndroidComponentName: string({ description: 'The target component name (Android).' }),
    TargetAndroidComponentType: string({ description: 'The target component type (Android).' }),
  },
  eventTime: 'timestamp',
  parser: { kind: 'json', accept: simpleNameIs('ProcessRollup2') },
  indicators: (e, set) => {
    addHashes(e, set);
    hostIndicators(e, set);
  },
});

export const SyntheticProcessRollup2 = defineLogType({
  name: 'Crowdstrike.SyntheticProcessRollup2',
  description: 'CrowdStrike Falcon SyntheticProcessRollup2 events (Falcon Data Replicator): a PR2 the sensor makes up for a process it did not see start (already running, hollowed, forked).',
  reference: `${EVENT_REFERENCE}#section-event-SyntheticProcessRollup2`,
  fields: {
    ...baseEventFields,
    ...contextFields,
    ...processFields,
    SyntheticPR2Flags: int({ coerce: true, description: 'Why it was synthesized: 0 = process rundown, 1 = hollowed, 2 = app monitoring, 4 = image hash failure, 8 = file path excluded, 16 = fork folding.' }),
  },
  eventTime: 'timestamp',
  parser: { kind: 'json', accept: simpleNameIs('SyntheticProcessRollup2') },
  indicators: (e, set) => {
    addHashes(e, set);
    hostIndicators(e, set);
  },
});
