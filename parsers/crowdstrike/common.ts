// What the CrowdStrike Falcon Data Replicator (FDR) log types share: the fields every sensor
// event carries, the accept() discriminators (event_simpleName for events, the absence of it
// for the metadata files), and indicator helpers for the vendor's multi-value spellings.
//
// FDR writes every value as a JSON string ("RemotePort":"443", "timestamp":"1625677521162"), so
// numeric fields coerce. Falcon's process, thread and tree ids are 64-bit ("ParentProcessId":
// "8081349242194000050"): past 2^53 a JS number would corrupt them, so they stay strings.
import { bigint, int, string, timestamp } from '../core/fields.js';
import type { IndicatorSet } from '../core/indicators.js';
import { fromParts, parseEpoch } from '../core/time.js';

export const EVENT_REFERENCE = 'https://developer.crowdstrike.com/crowdstrike/page/event-explorer';
export const FDR_REFERENCE = 'https://developer.crowdstrike.com/crowdstrike/docs/falcon-data-replicator-guide';

/** Epoch seconds as FDR writes them: "1625677521.137", "0", or a number. */
export const epochSeconds = (raw: unknown): string | null => parseEpoch(raw, 'unix');

// Panther's human-readable `_time` layout for events: "05/25/2020 00:03:27.259".
const HUMAN_TIME = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

/** `_time` on sensor events: the human layout, or epoch seconds as on the metadata files. */
export function humanTime(raw: unknown): string | null {
  if (typeof raw !== 'string') return epochSeconds(raw);
  const m = HUMAN_TIME.exec(raw);
  if (m === null) return epochSeconds(raw);
  const [, mo, d, y, h, mi, s, frac = ''] = m as unknown as [string, string, string, string, string, string, string, string?];
  return fromParts(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), frac);
}

/**
 * The *_decimal timestamps are the Splunk add-on's decimal renderings; Panther read them as epoch
 * milliseconds while the sensor's own field is in seconds. Take whichever the magnitude says
 * (seconds stay below 1e11 until the year 5138).
 */
export function epochSecondsOrMillis(raw: unknown): string | null {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(n)) return null;
  return parseEpoch(raw, Math.abs(n) < 1e11 ? 'unix' : 'unix_ms');
}

/** A 64-bit id or a flag word: a string, kept exact whatever JSON type it came as. */
export const id64 = (description: string) => string({ coerce: true, description });

const AID = 'The sensor ID: unique to each installation of a Falcon sensor (a reinstalled or updated sensor gets a new one).';
const AIP = "The sensor's IP as seen from the CrowdStrike cloud, typically the host's public IP.";
const CID = 'The customer ID (CID) the sensor belongs to.';

/** Fields of every sensor event (Panther's BaseEvent, plus what current sensors add). */
export const baseEventFields = {
  event_simpleName: string({ required: true, description: 'The event type, e.g. ProcessRollup2 or DnsRequest.' }),
  name: string({ required: true, description: 'The event name with its platform and version, e.g. ProcessRollup2MacV5.' }),
  aid: string({ required: true, indicators: ['trace_id'], description: AID }),
  aip: string({ indicators: ['ip'], description: AIP }),
  cid: string({ indicators: ['trace_id'], description: CID }),
  id: string({ description: 'The unique ID of the event.' }),
  event_platform: string({ description: 'The platform the sensor runs on: Win, Mac, Lin, iOS, Android.' }),
  timestamp: timestamp({ required: true, format: 'unix_ms', description: 'When the CrowdStrike cloud received the event (epoch milliseconds).' }),
  _time: timestamp({ format: humanTime, description: 'When the CrowdStrike cloud received the event (human-readable, as some exports add it).' }),
  ComputerName: string({ indicators: ['hostname'], description: 'The name of the host.' }),
  LocalAddressIP4: string({ description: "The host's local IPv4 address (current sensors add it to every event)." }),
  ConfigBuild: string({ coerce: true, description: 'The sensor configuration build.' }),
  ConfigStateHash: string({ coerce: true, description: 'A hash of the sensor configuration state.' }),
  Entitlements: string({ coerce: true, description: 'The entitlements (licensed modules) of the sensor.' }),
  EffectiveTransmissionClass: int({ coerce: true, description: 'How the event was transmitted to the cloud (0 to 3).' }),
  EventOrigin: int({ coerce: true, description: 'Which sensor component produced the event.' }),
  TreeId: string({ coerce: true, indicators: ['trace_id'], description: 'The detection tree the event belongs to, if any.' }),
  TreeId_decimal: id64('The detection tree ID, in decimal.'),
} as const;

/** Fields of events raised in the context of a process (Panther's ContextEvent). */
export const contextFields = {
  ContextThreadId: id64('The unique ID of the thread that caused the event.'),
  ContextThreadId_decimal: id64('The unique ID of the thread that caused the event, in decimal.'),
  ContextTimeStamp: timestamp({ format: epochSeconds, description: 'When the event occurred on the host, as the sensor saw it (epoch seconds).' }),
  ContextTimeStamp_decimal: timestamp({ format: epochSecondsOrMillis, description: 'When the event occurred on the host, in decimal.' }),
  ContextProcessId: id64('The unique ID (UPID) of the process that caused the event; the TargetProcessId of its ProcessRollup2.'),
  ContextProcessId_decimal: id64('The unique ID of the process that caused the event, in decimal.'),
  InContext: string({ coerce: true, description: 'Whether the event happened in the context of the process (not on iOS).' }),
} as const;

/** Process identity fields PR2 and its synthetic variant share. */
export const processFields = {
  TargetProcessId: id64('The unique ID (UPID) of the process: what other events name as ContextProcessId.'),
  SourceProcessId: id64('The unique ID of the creating process.'),
  SourceThreadId: id64('The unique ID of the creating thread.'),
  ParentProcessId: id64('The unique ID of the parent process.'),
  ImageFileName: string({ description: 'The full path of the executable of the process.' }),
  CommandLine: string({ description: 'The command line the process was created with (may be empty).' }),
  RawProcessId: bigint({ coerce: true, description: "The operating system's PID (reused by the OS: join on TargetProcessId instead)." }),
  ProcessStartTime: timestamp({ format: epochSeconds, description: 'When the process started (epoch seconds).' }),
  // FDR writes "" while the process still runs, and the field language has no empty timestamp:
  // the epoch seconds are kept as written.
  ProcessEndTime: string({ coerce: true, description: 'When the process ended, in epoch seconds as written; "" while it runs.' }),
  SHA256HashData: string({ description: 'The SHA256 of the executable (ImageFileName).' }),
  SHA1HashData: string({ description: 'The SHA1 of the executable (all zeros when not computed).' }),
  MD5HashData: string({ description: 'The MD5 of the executable.' }),
  ImageSubsystem: string({ coerce: true, description: 'The PE subsystem of the image (Windows).' }),
  UserSid: string({ description: 'The security identifier of the user who ran the process (Windows).' }),
  AuthenticationId: id64('The logon session (LUID) the process runs in (Windows); matches UserLogon and UserIdentity.'),
  IntegrityLevel: string({ coerce: true, description: 'The integrity level of the process (Windows).' }),
  ProcessGroupId: id64('The process group ID (Windows, Mac).'),
  UID: bigint({ coerce: true, description: 'The user ID (Mac, Linux, Android).' }),
  RUID: bigint({ coerce: true, description: 'The real user ID (Mac, Linux, Android).' }),
  SVUID: bigint({ coerce: true, description: 'The saved user ID (Mac, Linux, Android).' }),
  GID: bigint({ coerce: true, description: 'The group ID (Mac, Linux, Android).' }),
  RGID: bigint({ coerce: true, description: 'The real group ID (Mac, Linux, Android).' }),
  SVGID: bigint({ coerce: true, description: 'The saved group ID (Mac, Linux, Android).' }),
  SessionProcessId: id64('The unique ID of the session leader process (Mac, Linux).'),
} as const;

/** The accept() of sensor events: event_simpleName must be one of the type's own. */
export function simpleNameIs(...names: readonly string[]): (obj: Record<string, unknown>) => string | null {
  const wanted = new Set(names);
  const expected = names.map((n) => `"${n}"`).join(' or ');
  return (obj) => {
    const v = obj.event_simpleName;
    if (typeof v === 'string' && wanted.has(v)) return null;
    return v === undefined ? 'event_simpleName: required field missing' : `event_simpleName is ${JSON.stringify(v)}, not ${expected}`;
  };
}

/**
 * The accept() of the metadata files (aidmaster, managedassets, notmanaged, userinfo, appinfo):
 * they are no sensor events, and the key sets that tell their siblings apart must be absent.
 */
export function metadataAccept(...foreignKeys: readonly string[]): (obj: Record<string, unknown>) => string | null {
  return (obj) => {
    if (obj.event_simpleName !== undefined) return `event_simpleName present: a sensor event, not a metadata record`;
    const key = foreignKeys.find((k) => obj[k] !== undefined);
    return key === undefined ? null : `${key} present: another FDR metadata file`;
  };
}

const UNSPECIFIED = new Set(['0.0.0.0', '::', '0:0:0:0:0:0:0:0']);

/** An IP indicator, but not the unspecified address (a wildcard bind points at nothing). */
export function addAddress(set: IndicatorSet, v: unknown): void {
  if (typeof v === 'string' && !UNSPECIFIED.has(v)) set.add('ip', v);
}

/** Values FDR packs into one string ("192.168.1.129 192.168.1.35", "a;b;"). */
export function addEach(set: IndicatorSet, kind: 'ip' | 'domain' | 'trace_id', v: unknown, separator: RegExp): void {
  if (typeof v !== 'string') return;
  for (const part of v.split(separator)) set.add(kind, part);
}

/** Indicators of the base fields a mark cannot express: LocalAddressIP4 may be 0.0.0.0. */
export function hostIndicators(e: { readonly LocalAddressIP4?: string }, set: IndicatorSet): void {
  addAddress(set, e.LocalAddressIP4);
}

const ZEROS = /^0+$/;

/** File hashes, but not the all-zero placeholder the sensor writes when it did not compute one. */
export function addHashes(e: { readonly MD5HashData?: string; readonly SHA1HashData?: string; readonly SHA256HashData?: string }, set: IndicatorSet): void {
  if (e.MD5HashData !== undefined && !ZEROS.test(e.MD5HashData)) set.add('md5', e.MD5HashData);
  if (e.SHA1HashData !== undefined && !ZEROS.test(e.SHA1HashData)) set.add('sha1', e.SHA1HashData);
  if (e.SHA256HashData !== undefined && !ZEROS.test(e.SHA256HashData)) set.add('sha256', e.SHA256HashData);
}
