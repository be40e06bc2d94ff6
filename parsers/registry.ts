import { awsLogTypes } from './aws/index.js';
import type { LogType } from './core/logtype.js';
import { oktaLogTypes } from './okta/index.js';
import { osqueryLogTypes } from './osquery/index.js';
import { syslogLogTypes } from './syslog/index.js';

/** Every built-in log type, in the order the docs list them. */
export const builtinLogTypes: readonly LogType[] = [...awsLogTypes, ...oktaLogTypes, ...syslogLogTypes, ...osqueryLogTypes];

const byLowerName = new Map(builtinLogTypes.map((l) => [l.name.toLowerCase(), l]));
if (byLowerName.size !== builtinLogTypes.length) throw new Error('two log types share a name');

/** Resolves names (case-insensitive) to log types; unknown names are an error listing the known ones. */
export function resolveLogTypes(names: readonly string[]): LogType[] {
  return names.map((n) => {
    const lt = byLowerName.get(n.trim().toLowerCase());
    if (lt === undefined) throw new Error(`unknown log type "${n}"; known: ${builtinLogTypes.map((l) => l.name).join(', ')}`);
    return lt;
  });
}
