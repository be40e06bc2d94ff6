import { awsLogTypes } from './aws/index.js';
import type { LogType } from './core/logtype.js';
import { oktaLogTypes } from './okta/index.js';
import { osqueryLogTypes } from './osquery/index.js';
import { syslogLogTypes } from './syslog/index.js';

/** Every built-in log type, in the order the docs list them. */
export const builtinLogTypes: readonly LogType[] = [...awsLogTypes, ...oktaLogTypes, ...syslogLogTypes, ...osqueryLogTypes];

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
