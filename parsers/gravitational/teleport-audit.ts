import { array, bigint, boolean, int, json, map, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';

// Codes are short upper-case words ending in a status letter: T2000I, TDB02W, TAL001E, CJ001I.
const CODE = /^[A-Z][A-Z0-9]{3,8}[A-Z]$/;
// Event types: session.start, user.login, db.session.query, x11-forward, exec...
const EVENT = /^[a-z0-9][a-z0-9_.-]*$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const TeleportAudit = defineLogType({
  name: 'Gravitational.TeleportAudit',
  description: 'Teleport audit events: logins, sessions, commands and resource changes, with remote addresses, time and session ID.',
  reference: 'https://goteleport.com/docs/reference/audit/',
  fields: {
    event: string({ required: true, description: 'Event type, e.g. session.start, user.login, exec.' }),
    code: string({ required: true, description: 'Event code, unique per event and outcome, e.g. T2000I (I info, W warning, E error).' }),
    time: timestamp({ required: true, description: 'Event timestamp.' }),
    uid: string({ required: true, description: 'Event unique id.' }),
    user: string({ indicators: ['username'], description: 'Teleport user name.' }),
    namespace: string({ description: 'Server namespace. This field is reserved for future use.' }),
    server_id: string({ description: 'Unique server ID.' }),
    sid: string({ indicators: ['trace_id'], description: 'Session ID. Can be used to replay the session.' }),
    ei: bigint({ description: 'Event index within the session.' }),
    login: string({ indicators: ['username'], description: 'OS login.' }),
    'addr.local': string({ indicators: ['hostname'], description: 'Address of the SSH node (host:port).' }),
    'addr.remote': string({ indicators: ['hostname'], description: 'Address of the connecting client (user), host:port.' }),
    size: string({ description: 'Size of the terminal, columns:rows.' }),
    success: boolean({ description: 'Whether the authentication or action succeeded.' }),
    error: string({ description: 'The error, for failed authentications and actions.' }),
    command: string({ description: 'Command that was executed (exec).' }),
    exitCode: int({ coerce: true, description: 'Exit code of the command (exec).' }),
    exitError: string({ description: 'Exit error of the command (exec).' }),
    pid: bigint({ description: 'Process id of the command (session.command, session.network, session.disk).' }),
    ppid: bigint({ description: 'Process id of the parent process.' }),
    cgroup_id: bigint({ description: 'Control group id.' }),
    return_code: int({ description: 'Return code of the command.' }),
    program: string({ description: 'Name of the command.' }),
    argv: array(string(), { description: 'Arguments passed to the command.' }),
    path: string({ description: 'Executable path, or the SCP target file path (scp, session.command).' }),
    len: bigint({ description: 'SCP target file size (scp).' }),
    // session.network writes its action as a number (0 allow, 1 deny).
    action: string({ coerce: true, description: 'SCP action (scp: upload, download); allow (0) or deny (1) for session.network.' }),
    method: string({ description: 'Login method used (user.login): local, github, saml, oidc...' }),
    attributes: json({ description: 'User login attributes from the identity provider (user.login).' }),
    roles: array(string(), { description: 'Roles of the user (user.create).' }),
    connector: string({ description: 'Connector that created the user (user.create).' }),
    expires: timestamp({ description: 'Expiration date (user.create).' }),
    name: string({ description: 'Name of the user or resource (user.create, user.update, github.created...).' }),
    tx: bigint({ description: 'Number of bytes sent (session.data).' }),
    rx: bigint({ description: 'Number of bytes received (session.data).' }),
    server_labels: map(string(), { description: 'Labels of the server (session.start).' }),
    server_hostname: string({ indicators: ['hostname'], description: 'Server hostname.' }),
    server_addr: string({ indicators: ['hostname'], description: 'Server address (host:port).' }),
    session_start: timestamp({ description: 'Timestamp of the session start (session.end).' }),
    session_stop: timestamp({ description: 'Timestamp of the session end (session.end).' }),
    interactive: boolean({ description: 'Whether the session was interactive (session.end).' }),
    enhanced_recording: boolean({ description: 'Whether enhanced session recording is enabled (session.end).' }),
    participants: array(string(), { indicators: ['username'], description: 'Users that participated in the session (session.end).' }),
    dst_addr: string({ indicators: ['ip'], description: 'Destination IP address (session.network).' }),
    src_addr: string({ indicators: ['ip'], description: 'Source IP address (session.network).' }),
    dst_port: int({ description: 'Destination port (session.network).' }),
    version: int({ coerce: true, description: 'IP version (session.network).' }),
  },
  eventTime: 'time',
  parser: {
    kind: 'json',
    accept: (obj) => {
      const { code, event, uid } = obj;
      if (typeof code === 'string' && !CODE.test(code)) return `code "${code.slice(0, 40)}" is not a Teleport event code`;
      if (typeof event === 'string' && !EVENT.test(event)) return `event "${event.slice(0, 40)}" is not a Teleport event type`;
      if (typeof uid === 'string' && !UUID.test(uid)) return `uid "${uid.slice(0, 40)}" is not a UUID`;
      return null;
    },
  },
});
