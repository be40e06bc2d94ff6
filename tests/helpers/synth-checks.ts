// Checks over a synthesized Terraform JSON document (what `Testing.synth(stack)` returns, or
// cdktf.out/stacks/<name>/cdk.tf.json). Each check is pure and returns its violations as
// strings naming the resource and what is missing: an empty list means the property holds.
import { glueColumns } from '../../parsers/core/glue.js';
import type { LogType } from '../../parsers/core/logtype.js';
import { columnName } from '../../stacks/data-catalog.js';
import { type WildcardAllowance, wildcardAllowances } from '../../stacks/iam-allow-list.js';

export type SynthJson = Record<string, any>;
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** CDKTF writes single nested blocks as objects and repeatable ones as arrays: accept both. */
const blocks = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : isObj(v) ? [v] : []);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

/** The `name -> body` map of one resource (or data source) type. */
function entries(json: SynthJson, kind: 'resource' | 'data', type: string): Array<[string, Obj]> {
  const byType = (json[kind] as Obj | undefined)?.[type];
  return isObj(byType) ? Object.entries(byType).filter((e): e is [string, Obj] => isObj(e[1])) : [];
}

/** Whether an attribute names the resource: `${type.name.<attr>}` for one of attrs, or its literal name. */
function pointsAt(value: unknown, type: string, name: string, attrs: readonly string[], literal?: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (attrs.some((a) => value === `\${${type}.${name}.${a}}`)) return true;
  return typeof literal === 'string' && !literal.includes('${') && value === literal;
}

// ---------------------------------------------------------------------------------------------
// HCL expressions inside `${...}`

/** Index just after the `}` closing an interpolation whose body starts at i. */
function skipExpr(s: string, i: number): number {
  let depth = 1;
  while (i < s.length) {
    const c = s[i];
    if (c === '"') i = skipString(s, i + 1);
    else if (c === '{') (depth++, i++);
    else if (c === '}') {
      if (--depth === 0) return i + 1;
      i++;
    } else i++;
  }
  return s.length;
}

/** Index just after the `"` closing a string literal whose body starts at i. */
function skipString(s: string, i: number): number {
  while (i < s.length) {
    if (s[i] === '\\') i += 2;
    else if (s[i] === '"') return i + 1;
    else if (s.startsWith('$${', i)) i += 3;
    else if (s.startsWith('${', i)) i = skipExpr(s, i + 2);
    else i++;
  }
  return s.length;
}

/** The bodies of the `${...}` interpolations of a template string (`$${` is a literal `${`). */
export function interpolations(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('$${', i)) i += 3;
    else if (s.startsWith('${', i)) {
      const end = skipExpr(s, i + 2);
      out.push(s.slice(i + 2, end - 1));
      i = end;
    } else i++;
  }
  return out;
}

const KEYWORDS = new Set(['true', 'false', 'null', 'for', 'in', 'if', 'endfor', 'endif', 'else']);
const IDENT = /[A-Za-z_][A-Za-z0-9_-]*/y;

/**
 * The references of one expression, each as its traversal parts (`aws_s3_bucket.b.arn` ->
 * ['aws_s3_bucket', 'b', 'arn']), in nested strings and index brackets too. Function names,
 * object keys, keywords and `for` loop variables are not references.
 */
export function expressionReferences(expr: string): string[][] {
  const refs: string[][] = [];
  const loopVars = new Set<string>();
  for (const m of expr.matchAll(/\bfor\s+([A-Za-z_][\w-]*)\s*(?:,\s*([A-Za-z_][\w-]*)\s*)?in\b/g)) {
    loopVars.add(m[1] as string);
    if (m[2] !== undefined) loopVars.add(m[2]);
  }
  let i = 0;
  while (i < expr.length) {
    const c = expr[i] as string;
    if (c === '"') {
      const end = skipString(expr, i + 1);
      for (const inner of interpolations(expr.slice(i + 1, end - 1))) refs.push(...expressionReferences(inner));
      i = end;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /[0-9][0-9.eE+-]*/y;
      m.lastIndex = i;
      m.exec(expr);
      i = m.lastIndex;
      continue;
    }
    IDENT.lastIndex = i;
    const id = IDENT.exec(expr);
    if (id === null) {
      i++;
      continue;
    }
    // A traversal: ident (.ident | .digits | .* | [index])*
    const parts = [id[0]];
    let j = IDENT.lastIndex;
    for (;;) {
      if (expr[j] === '.' && expr[j + 1] === '*') j += 2;
      else if (expr[j] === '.') {
        const m = /[A-Za-z_][A-Za-z0-9_-]*|[0-9]+/y;
        m.lastIndex = j + 1;
        const p = m.exec(expr);
        if (p === null) break;
        parts.push(p[0]);
        j = m.lastIndex;
      } else if (expr[j] === '[') {
        let depth = 1;
        let k = j + 1;
        while (k < expr.length && depth > 0) {
          if (expr[k] === '"') k = skipString(expr, k + 1);
          else {
            if (expr[k] === '[') depth++;
            else if (expr[k] === ']') depth--;
            k++;
          }
        }
        refs.push(...expressionReferences(expr.slice(j + 1, k - 1)));
        j = k;
      } else break;
    }
    const rest = expr.slice(j).trimStart();
    const isCall = rest.startsWith('(') || rest.startsWith('::');
    const isKey = parts.length === 1 && /^=(?!=)/.test(rest);
    const before = expr.slice(0, i).trimEnd();
    // `::` ends a provider function namespace; `.` makes it an attribute of a call's result.
    const precededByNamespace = before.endsWith('::') || before.endsWith('.');
    if (!isCall && !isKey && !precededByNamespace && !KEYWORDS.has(parts[0] as string) && !loopVars.has(parts[0] as string)) refs.push(parts);
    i = j;
  }
  return refs;
}

/**
 * Parses the subset of HCL that CDKTF writes inside `jsonencode(...)` (objects, tuples, strings,
 * numbers, booleans) into a JSON value; references and other expressions become their
 * interpolation text, e.g. `"${aws_sqs_queue.dlq.arn}"`.
 */
export function parseHclValue(src: string): unknown {
  let i = 0;
  const ws = (): void => {
    while (i < src.length && /\s/.test(src[i] as string)) i++;
  };
  const opaqueUntilDelimiter = (start: number): string => {
    let depth = 0;
    while (i < src.length) {
      const c = src[i] as string;
      if (c === '"') i = skipString(src, i + 1);
      else if ('([{'.includes(c)) (depth++, i++);
      else if (')]}'.includes(c)) {
        if (depth === 0) break;
        depth--;
        i++;
      } else if (c === ',' && depth === 0) break;
      else i++;
    }
    return `\${${src.slice(start, i).trim()}}`;
  };
  const value = (): unknown => {
    ws();
    const start = i;
    const c = src[i];
    let v: unknown;
    if (c === '{') {
      i++;
      const o: Obj = {};
      for (;;) {
        ws();
        if (src[i] === '}') {
          i++;
          break;
        }
        if (i >= src.length) throw new Error('unterminated object');
        const k = value();
        ws();
        if (src[i] !== '=' && src[i] !== ':') throw new Error(`expected = at ${i}`);
        i++;
        o[String(k)] = value();
        ws();
        if (src[i] === ',') i++;
      }
      v = o;
    } else if (c === '[') {
      i++;
      ws();
      if (/^for\b/.test(src.slice(i))) {
        i = start;
        return opaqueUntilDelimiter(start);
      }
      const a: unknown[] = [];
      for (;;) {
        ws();
        if (src[i] === ']') {
          i++;
          break;
        }
        if (i >= src.length) throw new Error('unterminated tuple');
        a.push(value());
        ws();
        if (src[i] === ',') i++;
      }
      v = a;
    } else if (c === '"') {
      const end = skipString(src, i + 1);
      v = JSON.parse(src.slice(i, end).replace(/\$\$\{/g, '$${'));
      i = end;
    } else if (c !== undefined && /[-0-9]/.test(c)) {
      const m = /-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
      m.lastIndex = i;
      const n = m.exec(src);
      if (n === null) throw new Error(`bad number at ${i}`);
      v = Number(n[0]);
      i = m.lastIndex;
    } else {
      IDENT.lastIndex = i;
      const id = IDENT.exec(src);
      if (id !== null && ['true', 'false', 'null'].includes(id[0])) {
        v = id[0] === 'null' ? null : id[0] === 'true';
        i = IDENT.lastIndex;
      } else return opaqueUntilDelimiter(start);
    }
    ws();
    // An operator follows (a + b, a ? b : c...): the whole expression is opaque.
    if (i < src.length && !',)]}=:'.includes(src[i] as string)) {
      i = start;
      return opaqueUntilDelimiter(start);
    }
    return v;
  };
  const out = value();
  ws();
  if (i !== src.length) throw new Error(`trailing text at ${i}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Policy documents

export interface PolicyCondition {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}
export interface PolicyStatement {
  /** Where the statement is, e.g. `data.aws_iam_policy_document.d statement[0]`. */
  readonly where: string;
  readonly sid: string | undefined;
  readonly effect: string;
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  readonly conditions: readonly PolicyCondition[];
}

/** A JSON policy document's statements (IAM JSON grammar), or undefined when it is not one. */
function jsonPolicyStatements(doc: unknown, where: string): PolicyStatement[] | undefined {
  if (!isObj(doc) || !('Statement' in doc)) return undefined;
  return blocks(doc.Statement).map((s, n) => ({
    where: `${where} statement[${n}]`,
    sid: typeof s.Sid === 'string' ? s.Sid : undefined,
    effect: typeof s.Effect === 'string' ? s.Effect : 'Allow',
    actions: strings(s.Action),
    notActions: strings(s.NotAction),
    resources: strings(s.Resource),
    notResources: strings(s.NotResource),
    conditions: Object.entries(isObj(s.Condition) ? s.Condition : {}).flatMap(([test, byVar]) =>
      Object.entries(isObj(byVar) ? byVar : {}).map(([variable, values]) => ({ test, variable, values: strings(values) })),
    ),
  }));
}

/** The document a policy string holds: JSON text, or `${jsonencode(<object>)}`. */
function policyDocument(value: string): unknown {
  const t = value.trim();
  if (t.startsWith('{')) {
    try {
      return JSON.parse(t);
    } catch {
      return undefined;
    }
  }
  const m = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(t);
  if (m === null || interpolations(t).length !== 1) return undefined;
  try {
    return parseHclValue(m[1] as string);
  } catch {
    return undefined;
  }
}

/** The statements an aws_iam_policy_document data source declares itself. */
function ownDataStatements(name: string, doc: Obj): PolicyStatement[] {
  const where = `data.aws_iam_policy_document.${name}`;
  return blocks(doc.statement).map((s, n) => ({
    where: `${where} statement[${n}]`,
    sid: typeof s.sid === 'string' ? s.sid : undefined,
    effect: typeof s.effect === 'string' ? s.effect : 'Allow',
    actions: strings(s.actions),
    notActions: strings(s.not_actions),
    resources: strings(s.resources),
    notResources: strings(s.not_resources),
    conditions: blocks(s.condition).map((c) => ({ test: String(c.test), variable: String(c.variable), values: strings(c.values) })),
  }));
}

/** A data source's statements with those of its source and override documents. */
function dataDocumentStatements(json: SynthJson, name: string, seen: Set<string>): PolicyStatement[] {
  if (seen.has(name)) return [];
  seen.add(name);
  const doc = entries(json, 'data', 'aws_iam_policy_document').find(([n]) => n === name)?.[1];
  if (doc === undefined) return [];
  const merged = [...strings(doc.source_policy_documents), ...strings(doc.override_policy_documents)].flatMap((p) =>
    policyStatements(json, p, `data.aws_iam_policy_document.${name} (merged)`, seen),
  );
  return [...merged, ...ownDataStatements(name, doc)];
}

/**
 * The statements of a policy attribute: JSON text, `${jsonencode(...)}`, or a reference to an
 * aws_iam_policy_document data source's `json` (resolved, with its source/override documents).
 */
export function policyStatements(json: SynthJson, value: unknown, where: string, seen = new Set<string>()): PolicyStatement[] {
  if (typeof value !== 'string') return [];
  const ref = /^\$\{data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.(json|minified_json)\}$/.exec(value.trim());
  if (ref !== null) return dataDocumentStatements(json, ref[1] as string, seen);
  return jsonPolicyStatements(policyDocument(value), where) ?? [];
}

/** Every policy statement of the document: data sources, and every JSON or jsonencode policy string in resources, data sources and modules. */
export function allPolicyStatements(json: SynthJson): PolicyStatement[] {
  const out: PolicyStatement[] = [];
  // Merged documents are data sources or strings of their own, counted where they are.
  for (const [name, doc] of entries(json, 'data', 'aws_iam_policy_document')) out.push(...ownDataStatements(name, doc));
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'string') {
      if (v.includes('Statement')) out.push(...(jsonPolicyStatements(policyDocument(v), path) ?? []));
    } else if (Array.isArray(v)) v.forEach((x, n) => walk(x, `${path}[${n}]`));
    else if (isObj(v)) for (const [k, x] of Object.entries(v)) if (k !== '//') walk(x, `${path}.${k}`);
  };
  for (const kind of ['resource', 'data', 'module', 'output', 'locals']) walk(json[kind], kind);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The checks

const BPA_FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'] as const;

/** Every bucket: SSE-KMS (AES256 only for a server access log target), versioning, the four BPA settings, a TLS-only deny policy. */
export function checkBuckets(json: SynthJson): string[] {
  const out: string[] = [];
  const attached = (type: string, name: string, literal: unknown, attr = 'bucket'): Obj[] =>
    entries(json, 'resource', type)
      .filter(([, r]) => pointsAt(r[attr], 'aws_s3_bucket', name, ['id', 'bucket'], literal))
      .map(([, r]) => r);
  for (const [name, bucket] of entries(json, 'resource', 'aws_s3_bucket')) {
    const id = `aws_s3_bucket.${name}`;
    const literal = bucket.bucket;
    const isLogTarget = attached('aws_s3_bucket_logging', name, literal, 'target_bucket').length > 0;
    const sse = attached('aws_s3_bucket_server_side_encryption_configuration', name, literal);
    const algorithms = sse.flatMap((c) => blocks(c.rule).flatMap((r) => blocks(r.apply_server_side_encryption_by_default).map((d) => String(d.sse_algorithm))));
    if (sse.length === 0) out.push(`${id}: no aws_s3_bucket_server_side_encryption_configuration`);
    else if (!algorithms.some((a) => a === 'aws:kms' || a === 'aws:kms:dsse' || (isLogTarget && a === 'AES256')))
      out.push(`${id}: encryption is ${algorithms.join(', ') || 'unset'}, not aws:kms${isLogTarget ? ' (or AES256 for a log target)' : ''}`);
    const versioning = attached('aws_s3_bucket_versioning', name, literal);
    if (!versioning.some((v) => blocks(v.versioning_configuration).some((c) => c.status === 'Enabled'))) out.push(`${id}: no aws_s3_bucket_versioning with status Enabled`);
    const bpa = attached('aws_s3_bucket_public_access_block', name, literal);
    if (bpa.length === 0) out.push(`${id}: no aws_s3_bucket_public_access_block`);
    else for (const flag of BPA_FLAGS) if (!bpa.some((b) => b[flag] === true)) out.push(`${id}: public access block ${flag} is not true`);
    const policies = attached('aws_s3_bucket_policy', name, literal);
    const denies = policies.flatMap((p) => policyStatements(json, p.policy, `${id} policy`)).some(deniesInsecureTransport);
    if (!denies) out.push(`${id}: no bucket policy denying aws:SecureTransport=false`);
  }
  return out;
}

function deniesInsecureTransport(s: PolicyStatement): boolean {
  return s.effect === 'Deny' && s.conditions.some((c) => c.test.toLowerCase() === 'bool' && c.variable.toLowerCase() === 'aws:securetransport' && c.values.includes('false'));
}

/** Every queue: a KMS key, and a redrive policy to a DLQ or being some queue's DLQ. */
export function checkQueues(json: SynthJson): string[] {
  const queues = entries(json, 'resource', 'aws_sqs_queue');
  const names = new Set(queues.map(([n]) => n));
  /** The queues a redrive policy's deadLetterTargetArn names. */
  const targets = (policy: unknown): string[] =>
    typeof policy === 'string' && policy.includes('deadLetterTargetArn')
      ? interpolations(policy)
          .flatMap(expressionReferences)
          .filter((r) => r[0] === 'aws_sqs_queue' && r[2] === 'arn' && names.has(r[1] as string))
          .map((r) => r[1] as string)
      : [];
  const redrive = new Map<string, string[]>(queues.map(([n, q]) => [n, targets(q.redrive_policy)]));
  for (const [, r] of entries(json, 'resource', 'aws_sqs_queue_redrive_policy'))
    for (const [n] of queues) if (pointsAt(r.queue_url, 'aws_sqs_queue', n, ['id', 'url'])) redrive.set(n, [...(redrive.get(n) ?? []), ...targets(r.redrive_policy)]);
  const dlqs = new Set([...redrive.entries()].flatMap(([n, ts]) => ts.filter((t) => t !== n)));
  const out: string[] = [];
  for (const [name, q] of queues) {
    const id = `aws_sqs_queue.${name}`;
    if (typeof q.kms_master_key_id !== 'string' || q.kms_master_key_id === '') out.push(`${id}: no kms_master_key_id`);
    if (!(redrive.get(name) ?? []).some((t) => t !== name) && !dlqs.has(name)) out.push(`${id}: no redrive_policy to a dead-letter queue, and no queue's dead-letter queue`);
  }
  return out;
}

/** Every DynamoDB table: point-in-time recovery, and SSE with a KMS key. */
export function checkTables(json: SynthJson): string[] {
  const out: string[] = [];
  for (const [name, t] of entries(json, 'resource', 'aws_dynamodb_table')) {
    const id = `aws_dynamodb_table.${name}`;
    if (!blocks(t.point_in_time_recovery).some((p) => p.enabled === true)) out.push(`${id}: point_in_time_recovery is not enabled`);
    if (!blocks(t.server_side_encryption).some((s) => s.enabled === true && typeof s.kms_key_arn === 'string' && s.kms_key_arn !== ''))
      out.push(`${id}: server_side_encryption is not enabled with a KMS key`);
  }
  return out;
}

/** Every function: a role of its own, and a /aws/lambda/<name> log group with a retention. */
export function checkFunctions(json: SynthJson): string[] {
  const out: string[] = [];
  const fns = entries(json, 'resource', 'aws_lambda_function');
  const groups = entries(json, 'resource', 'aws_cloudwatch_log_group');
  for (const [name, fn] of fns) {
    const id = `aws_lambda_function.${name}`;
    if (typeof fn.role !== 'string' || fn.role === '') out.push(`${id}: no role`);
    else {
      const sharing = fns.filter(([n, f]) => n !== name && f.role === fn.role).map(([n]) => `aws_lambda_function.${n}`);
      if (sharing.length > 0) out.push(`${id}: shares its role with ${sharing.join(', ')}`);
    }
    const expected = [`/aws/lambda/${String(fn.function_name)}`, `/aws/lambda/\${aws_lambda_function.${name}.function_name}`];
    const logGroupRef = blocks(fn.logging_config).map((c) => c.log_group);
    const group = groups.find(([g, lg]) => expected.includes(String(lg.name)) || logGroupRef.some((r) => pointsAt(r, 'aws_cloudwatch_log_group', g, ['name'])));
    if (group === undefined) out.push(`${id}: no aws_cloudwatch_log_group named /aws/lambda/${String(fn.function_name)}`);
    else if (typeof group[1].retention_in_days !== 'number' || group[1].retention_in_days <= 0) out.push(`${id}: log group aws_cloudwatch_log_group.${group[0]} has no retention_in_days`);
  }
  return out;
}

/**
 * Whether a Resource entry reaches every resource of its kind: `*` itself, an ARN of any account
 * (`arn:aws:sqs:*:*:x`), or an ARN whose resource part starts with the wildcard, after an optional
 * resource type (`arn:aws:s3:::*`, `...:key/*`, `...:function:*`, `...:stack/*\/*`). A wildcard
 * after a fixed or configured name (`${aws_s3_bucket.b.arn}/*`, `...:function:${var.prefix}-*`) is a
 * scope, not a wildcard grant.
 */
export function isWildcardResource(resource: string): boolean {
  if (resource.trim() === '*') return true;
  if (!resource.startsWith('arn:')) return false;
  const parts = resource.split(':');
  if (parts.length < 6) return false;
  if (parts[4] === '*') return true;
  const rest = parts.slice(5).join(':');
  // S3 ARNs have no resource type: `arn:aws:s3:::bucket/*` names a bucket's objects.
  const name = parts[2] === 's3' ? rest : rest.replace(/^[A-Za-z0-9-]+[/:]/, '');
  return name.startsWith('*');
}

/** No statement with `*` in an Action, or a wildcard Resource (isWildcardResource), unless its Sid is allow-listed. */
export function checkIamWildcards(json: SynthJson, allowances: readonly WildcardAllowance[] = wildcardAllowances): string[] {
  const allowed = new Set(allowances.map((a) => a.sid));
  const out: string[] = [];
  for (const s of allPolicyStatements(json)) {
    if (s.sid !== undefined && allowed.has(s.sid)) continue;
    const label = `${s.where} (Sid ${s.sid === undefined ? 'missing' : `"${s.sid}"`})`;
    const actions = s.actions.filter((a) => a.includes('*'));
    const resources = s.resources.filter(isWildcardResource);
    if (actions.length > 0) out.push(`${label}: * in Action (${actions.join(', ')}) and the Sid is not in the allow-list`);
    if (resources.length > 0) out.push(`${label}: * in Resource (${resources.join(', ')}) and the Sid is not in the allow-list`);
  }
  return out;
}

/** Roots of references Terraform defines itself. */
const BUILTIN_ROOTS = new Set(['count', 'each', 'self', 'path', 'terraform']);

/** Every `${...}` reference resolves to a resource, data source, variable, local or module of the document. */
export function checkReferences(json: SynthJson): string[] {
  const out: string[] = [];
  const has = (kind: string, ...keys: string[]): boolean => {
    let v: unknown = json[kind];
    for (const k of keys) {
      if (!isObj(v) || !(k in v)) return false;
      v = v[k];
    }
    return true;
  };
  const resolve = (parts: readonly string[]): string | undefined => {
    const [root, a, b] = parts as [string, string | undefined, string | undefined];
    const shown = (n: number): string => parts.slice(0, n).join('.');
    if (BUILTIN_ROOTS.has(root)) return undefined;
    if (root === 'data') return a !== undefined && b !== undefined && has('data', a, b) ? undefined : `${shown(3)} is not defined`;
    if (root === 'var') return a !== undefined && has('variable', a) ? undefined : `${shown(2)} is not defined`;
    if (root === 'local') return a !== undefined && has('locals', a) ? undefined : `${shown(2)} is not defined`;
    if (root === 'module') return a !== undefined && has('module', a) ? undefined : `${shown(2)} is not defined`;
    if (a === undefined) return `${root} is not a reference (a bare name; a literal \${ must be written $\${)`;
    return has('resource', root, a) ? undefined : `${shown(2)} is not defined`;
  };
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'string') {
      for (const expr of interpolations(v))
        for (const parts of expressionReferences(expr)) {
          const problem = resolve(parts);
          if (problem !== undefined) out.push(`${path}: ${problem}`);
        }
    } else if (Array.isArray(v)) v.forEach((x, n) => walk(x, `${path}[${n}]`));
    else if (isObj(v)) for (const [k, x] of Object.entries(v)) if (k !== '//') walk(x, path === '' ? k : `${path}.${k}`);
  };
  walk(json, '');
  return out;
}

/** One Glue table per log type, its columns (names and types, in order) those the declaration yields. */
export function checkGlueTables(json: SynthJson, logTypes: readonly LogType[]): string[] {
  const out: string[] = [];
  // The log type tables are those of the logs database; rule matches and errors reuse the table names in theirs.
  const logsDbs = entries(json, 'resource', 'aws_glue_catalog_database')
    .filter(([, d]) => /_logs$/.test(String(d.name)))
    .map(([key]) => `aws_glue_catalog_database.${key}.`);
  const all = entries(json, 'resource', 'aws_glue_catalog_table');
  // Without a logs database (a bare fixture), every table counts.
  const tables = logsDbs.length === 0 ? all : all.filter(([, t]) => logsDbs.some((ref) => String(t.database_name).includes(ref)));
  for (const lt of logTypes) {
    const found = tables.filter(([, t]) => t.name === lt.table);
    if (found.length !== 1) {
      out.push(`${lt.name}: ${found.length} aws_glue_catalog_table named ${lt.table}, expected 1`);
      continue;
    }
    const [name, table] = found[0] as [string, Obj];
    const want = glueColumns(lt).map((c) => `${columnName(c.name)}:${c.type}`);
    const got = blocks(table.storage_descriptor).flatMap((d) => blocks(d.columns).map((c) => `${String(c.name)}:${String(c.type)}`));
    const missing = want.filter((c) => !got.includes(c));
    const extra = got.filter((c) => !want.includes(c));
    const id = `aws_glue_catalog_table.${name} (${lt.name})`;
    if (missing.length > 0) out.push(`${id}: missing columns ${missing.join(', ')}`);
    if (extra.length > 0) out.push(`${id}: columns not in the declaration ${extra.join(', ')}`);
    if (missing.length === 0 && extra.length === 0 && want.join() !== got.join()) out.push(`${id}: columns in another order than the declaration`);
  }
  return out;
}

/** Every check at once (the Glue check over the given log types). */
export function allViolations(json: SynthJson, logTypes: readonly LogType[], allowances: readonly WildcardAllowance[] = wildcardAllowances): string[] {
  return [
    ...checkBuckets(json),
    ...checkQueues(json),
    ...checkTables(json),
    ...checkFunctions(json),
    ...checkIamWildcards(json, allowances),
    ...checkReferences(json),
    ...checkGlueTables(json, logTypes),
  ];
}
