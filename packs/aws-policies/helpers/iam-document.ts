// Reading IAM-style policy documents (bucket, key, queue, topic, function policies) as the
// scanners store them: a JSON string, or null when the resource has no policy.

export interface Statement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly Action?: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** The statements of a policy document; [] for null, unparsable or statement-less documents. */
export function statements(doc: string | null | undefined): Statement[] {
  if (typeof doc !== 'string' || doc === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(doc);
  } catch {
    return [];
  }
  const s = (parsed as { Statement?: unknown } | null)?.Statement;
  if (Array.isArray(s)) return s as Statement[];
  return s !== null && typeof s === 'object' ? [s as Statement] : [];
}

export function list(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** `*` or `{"AWS": "*"}`: anyone, in any account. */
export function isAnyone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal !== null && typeof principal === 'object') return list((principal as Record<string, unknown>).AWS).includes('*');
  return false;
}

// Condition keys that pin a statement to known callers, making a `*` principal not public.
const NARROWING_KEYS = ['aws:sourcearn', 'aws:sourceaccount', 'aws:sourceowner', 'aws:principalorgid', 'aws:principalaccount', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:sourceip', 'kms:calleraccount', 'kms:viaservice'];

export function isNarrowed(s: Statement): boolean {
  return Object.values(s.Condition ?? {}).some((byKey) => Object.keys(byKey ?? {}).some((k) => NARROWING_KEYS.includes(k.toLowerCase())));
}

/** An Allow statement that lets anyone in without a narrowing condition. */
export function isPublicAllow(s: Statement): boolean {
  return s.Effect === 'Allow' && isAnyone(s.Principal) && !isNarrowed(s);
}

/** The statements of `doc` that make the resource public. */
export function publicStatements(doc: string | null | undefined): Statement[] {
  return statements(doc).filter(isPublicAllow);
}
