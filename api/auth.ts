// Bearer authentication for the API: a random token locally, a Cognito JWT on AWS (API Gateway's
// authorizer checks it first; the app verifies it again so it is never open behind a misrouted
// integration). Failures answer 401 problem+json without saying which check failed.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { problem, ProblemError } from './http.js';
import { roleFromGroups, type Role } from './roles.js';

/** Who made the request, as the routes may need it (audit fields such as createdBy). */
export interface Principal {
  readonly kind: 'token' | 'cognito';
  /** `local` for the token; the Cognito username (or sub) for a JWT. */
  readonly username: string;
  /** What the caller may do (api/route-roles.ts): admin for the local token, from the Cognito groups on AWS. */
  readonly role: Role;
}

/** The local token's principal: one user on loopback, who administers their own install. */
export const LOCAL_PRINCIPAL: Principal = { kind: 'token', username: 'local', role: 'admin' };

export type AuthVariables = { principal: Principal };

/** Requests that need no token: the health check only. */
export function isPublicPath(path: string): boolean {
  return path === '/api/health';
}

function bearerOf(c: Context): string | undefined {
  const header = c.req.header('authorization');
  if (header === undefined) return undefined;
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return m?.[1];
}

function unauthorized(c: Context, detail: string): Response {
  const res = problem(c, new ProblemError(401, 'Unauthorized', detail));
  res.headers.set('www-authenticate', 'Bearer');
  return res;
}

/**
 * Compares digests so that neither the token's content nor its length leaks through timing.
 * (timingSafeEqual alone needs equal lengths, and a length check would leak it.)
 */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** Local mode: one shared token. */
export function tokenAuth(token: string): MiddlewareHandler<{ Variables: AuthVariables }> {
  if (token.length < 16) throw new Error('the API token must be at least 16 characters');
  return async (c, next) => {
    if (isPublicPath(c.req.path)) return next();
    const given = bearerOf(c);
    if (given === undefined) return unauthorized(c, 'missing bearer token');
    if (!tokensEqual(given, token)) return unauthorized(c, 'invalid token');
    c.set('principal', LOCAL_PRINCIPAL);
    return next();
  };
}

/** Authentication explicitly turned off (local only): every request is the local user. */
export function noAuth(): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    c.set('principal', LOCAL_PRINCIPAL);
    return next();
  };
}

/** What cognitoAuth needs from a verifier: aws-jwt-verify's CognitoJwtVerifier satisfies it. */
export interface JwtVerifier {
  verify(token: string): Promise<Record<string, unknown>>;
}

export interface CognitoAuthOptions {
  readonly userPoolId: string;
  readonly clientId: string;
  /** Injected in tests (a verifier hydrated with a local JWKS); default: CognitoJwtVerifier fetching the pool's JWKS. */
  readonly verifier?: JwtVerifier;
  /** Failure reasons go here (never the token). */
  readonly log?: (message: string) => void;
}

/** The console may send the ID or the access token of the hosted UI: both are accepted, both checked against the client id. */
export function cognitoVerifier(userPoolId: string, clientId: string): JwtVerifier {
  const v = CognitoJwtVerifier.create({ userPoolId, clientId, tokenUse: null });
  return { verify: async (token) => (await v.verify(token)) as unknown as Record<string, unknown> };
}

export function cognitoAuth(opts: CognitoAuthOptions): MiddlewareHandler<{ Variables: AuthVariables }> {
  const verifier: JwtVerifier = opts.verifier ?? cognitoVerifier(opts.userPoolId, opts.clientId);
  return async (c, next) => {
    if (isPublicPath(c.req.path)) return next();
    const given = bearerOf(c);
    if (given === undefined) return unauthorized(c, 'missing bearer token');
    let claims: Record<string, unknown>;
    try {
      claims = await verifier.verify(given);
    } catch (err) {
      opts.log?.(`rejected a JWT: ${(err as Error).name}: ${(err as Error).message}`);
      return unauthorized(c, 'invalid token');
    }
    const username = [claims['cognito:username'], claims.username, claims.sub].find((v): v is string => typeof v === 'string') ?? 'unknown';
    // Both ID and access tokens carry `cognito:groups`; the signature was checked, so the claim is trusted.
    c.set('principal', { kind: 'cognito', username, role: roleFromGroups(claims['cognito:groups']) });
    return next();
  };
}
