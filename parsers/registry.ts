import { logTypes as amazon } from './amazon/index.js';
import { logTypes as apache } from './apache/index.js';
import { logTypes as asana } from './asana/index.js';
import { logTypes as auth0 } from './auth0/index.js';
import { awsLogTypes } from './aws/index.js';
import { logTypes as azure } from './azure/index.js';
import { logTypes as box } from './box/index.js';
import { logTypes as ciscoumbrella } from './ciscoumbrella/index.js';
import { logTypes as cloudflare } from './cloudflare/index.js';
import type { LogType } from './core/logtype.js';
import { logTypes as crowdstrike } from './crowdstrike/index.js';
import { logTypes as databricks } from './databricks/index.js';
import { logTypes as duo } from './duo/index.js';
import { logTypes as fastly } from './fastly/index.js';
import { logTypes as fluentd } from './fluentd/index.js';
import { logTypes as gcp } from './gcp/index.js';
import { logTypes as github } from './github/index.js';
import { logTypes as gitlab } from './gitlab/index.js';
import { logTypes as gravitational } from './gravitational/index.js';
import { logTypes as gsuite } from './gsuite/index.js';
import { logTypes as juniper } from './juniper/index.js';
import { logTypes as lacework } from './lacework/index.js';
import { logTypes as microsoft } from './microsoft/index.js';
import { logTypes as nginx } from './nginx/index.js';
import { logTypes as notion } from './notion/index.js';
import { oktaLogTypes } from './okta/index.js';
import { logTypes as onelogin } from './onelogin/index.js';
import { logTypes as onepassword } from './onepassword/index.js';
import { osqueryLogTypes } from './osquery/index.js';
import { logTypes as ossec } from './ossec/index.js';
import { logTypes as slack } from './slack/index.js';
import { logTypes as snyk } from './snyk/index.js';
import { logTypes as sophos } from './sophos/index.js';
import { logTypes as suricata } from './suricata/index.js';
import { syslogLogTypes } from './syslog/index.js';
import { logTypes as zeek } from './zeek/index.js';
import { logTypes as zendesk } from './zendesk/index.js';
import { logTypes as zoom } from './zoom/index.js';

/** Every built-in log type, in the order the docs list them: AWS first, then the families by name. */
export const builtinLogTypes: readonly LogType[] = [
  ...awsLogTypes,
  ...amazon,
  ...apache,
  ...asana,
  ...auth0,
  ...azure,
  ...box,
  ...ciscoumbrella,
  ...cloudflare,
  ...crowdstrike,
  ...databricks,
  ...duo,
  ...fastly,
  ...fluentd,
  ...gcp,
  ...github,
  ...gitlab,
  ...gravitational,
  ...gsuite,
  ...juniper,
  ...lacework,
  ...microsoft,
  ...nginx,
  ...notion,
  ...oktaLogTypes,
  ...onelogin,
  ...onepassword,
  ...osqueryLogTypes,
  ...ossec,
  ...slack,
  ...snyk,
  ...sophos,
  ...suricata,
  ...syslogLogTypes,
  ...zeek,
  ...zendesk,
  ...zoom,
];

/** The log types one run knows: the built-in ones plus any custom schemas. */
export interface LogTypeSet {
  readonly all: readonly LogType[];
  /** Resolves names (case-insensitive); unknown names are an error listing the known ones. */
  resolve(names: readonly string[]): LogType[];
}

export function logTypeSet(custom: readonly LogType[] = []): LogTypeSet {
  const all = [...builtinLogTypes, ...custom];
  const byLowerName = new Map<string, LogType>();
  for (const lt of all) {
    const key = lt.name.toLowerCase();
    if (byLowerName.has(key)) throw new Error(`two log types are named ${lt.name}`);
    byLowerName.set(key, lt);
  }
  return {
    all,
    resolve: (names) =>
      names.map((n) => {
        const lt = byLowerName.get(n.trim().toLowerCase());
        if (lt === undefined) throw new Error(`unknown log type "${n}"; known: ${all.map((l) => l.name).join(', ')}`);
        return lt;
      }),
  };
}

const builtins = logTypeSet();

/** Resolves built-in log type names (case-insensitive). */
export function resolveLogTypes(names: readonly string[]): LogType[] {
  return builtins.resolve(names);
}
