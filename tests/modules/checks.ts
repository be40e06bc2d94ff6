// Checks on a module's Terraform JSON shared by the module tests.
import type { TfJson } from '../../modules/lib/module-stack.js';

/** Paths of keys named `key` anywhere in the document. */
export function keyPaths(value: unknown, key: string, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keyPaths(v, key, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [...(k === key ? [`${path}.${k}`] : []), ...keyPaths(v, key, `${path}.${k}`)]);
}

export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** The bodies of the `${...}` interpolations in a string, HCL string literals inside them blanked. */
export function interpolations(s: string): string[] {
  const out: string[] = [];
  for (let i = s.indexOf('${'); i !== -1; i = s.indexOf('${', i + 2)) {
    if (i > 0 && s[i - 1] === '$') continue; // `$${` is a literal
    let depth = 1;
    let inString = false;
    let body = '';
    let j = i + 2;
    for (; j < s.length && depth > 0; j++) {
      const c = s[j] as string;
      if (inString) {
        if (c === '\\') j++;
        else if (c === '"') inString = false;
        body += ' ';
        continue;
      }
      if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}') depth--;
      body += depth > 0 ? c : '';
    }
    out.push(body);
    i = j - 2;
  }
  return out;
}

const BUILTINS = new Set(['count', 'each', 'path', 'self', 'terraform']);

/** References (`var.x`, `local.x`, `data.t.n`, `t.n`) that name nothing declared in the document. */
export function unresolvedReferences(tf: TfJson): string[] {
  const bad: string[] = [];
  for (const s of strings(tf)) {
    for (const expr of interpolations(s)) {
      for (const m of expr.matchAll(/(?<![\w.\]])([A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*|\[\d+\])+)/g)) {
        const root = m[1] as string;
        const parts = (m[2] as string).split(/[.[\]]/).filter((p) => p !== '' && !/^\d+$/.test(p));
        if (BUILTINS.has(root)) continue;
        let ok: boolean;
        if (root === 'var') ok = parts[0] !== undefined && parts[0] in (tf.variable ?? {});
        else if (root === 'local') ok = parts[0] !== undefined && parts[0] in (tf.locals ?? {});
        else if (root === 'data') ok = parts[1] !== undefined && tf.data?.[parts[0] as string]?.[parts[1]] !== undefined;
        else if (root === 'module') ok = false; // modules call no modules
        else ok = parts[0] !== undefined && tf.resource?.[root]?.[parts[0]] !== undefined;
        if (!ok) bad.push(`${root}${m[2]}`);
      }
    }
  }
  return bad;
}

export interface PolicyStatement {
  sid?: string;
  effect?: string;
  actions?: string[];
  resources?: string[];
  principals?: { type: string; identifiers: string[] }[];
  condition?: { test: string; variable: string; values: string[] }[];
}

export function policyDocs(tf: TfJson): Record<string, PolicyStatement[]> {
  const docs = (tf.data?.aws_iam_policy_document ?? {}) as Record<string, { statement?: PolicyStatement[] }>;
  return Object.fromEntries(Object.entries(docs).map(([name, d]) => [name, d.statement ?? []]));
}

/** Policy documents used as trust policies: referenced from a role's assume_role_policy. */
export function trustDocNames(tf: TfJson): string[] {
  const roles = (tf.resource?.aws_iam_role ?? {}) as Record<string, { assume_role_policy: string }>;
  return Object.values(roles).flatMap((r) => [...r.assume_role_policy.matchAll(/data\.aws_iam_policy_document\.([\w-]+)\.json/g)].map((m) => m[1] as string));
}

/** Documents used as permission policies: referenced from an aws_iam_role_policy. */
export function permissionDocNames(tf: TfJson): string[] {
  const pols = (tf.resource?.aws_iam_role_policy ?? {}) as Record<string, { policy: string }>;
  return Object.values(pols).flatMap((p) => [...p.policy.matchAll(/data\.aws_iam_policy_document\.([\w-]+)(?:\[\d+\])?\.json/g)].map((m) => m[1] as string));
}
