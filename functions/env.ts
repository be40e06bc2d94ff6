// Reading a function's environment: one wording for a missing or malformed variable in every
// function's config.ts, so a misconfigured deployment says which variable is wrong.

type Vars = object;

function raw(env: Vars, name: string): string | undefined {
  const v = (env as Record<string, unknown>)[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A variable that must be set (and not empty). */
export function requiredVar<E extends Vars>(env: E, name: keyof E & string): string {
  const v = raw(env, name);
  if (v === undefined) throw new Error(`${name} is not set`);
  return v;
}

/** An optional positive integer (a time limit...): undefined when unset. */
export function optionalPositiveInt<E extends Vars>(env: E, name: keyof E & string): number | undefined {
  const v = raw(env, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(Number.isInteger(n) && n > 0)) throw new Error(`${name} must be a positive integer`);
  return n;
}

/** An integer within [min, max], or the default when unset. */
export function intVar<E extends Vars>(env: E, name: keyof E & string, dflt: number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  const v = raw(env, name);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer ${min}-${max}`);
  return n;
}
