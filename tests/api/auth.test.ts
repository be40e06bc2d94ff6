import t from 'tap';
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { Hono } from 'hono';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { cognitoAuth, tokenAuth, tokensEqual, type AuthVariables } from '../../api/auth.js';

const TOKEN = 'local-token-0123456789abcdef';

function appWith(auth: ReturnType<typeof tokenAuth>): Hono<{ Variables: AuthVariables }> {
  const app = new Hono<{ Variables: AuthVariables }>();
  app.use('*', auth);
  app.get('/api/health', (c) => c.json({ ok: true }));
  app.get('/api/me', (c) => c.json(c.get('principal')));
  return app;
}

t.test('tokensEqual compares content whatever the lengths', async (t) => {
  t.equal(tokensEqual('abc', 'abc'), true);
  t.equal(tokensEqual('abc', 'abd'), false);
  t.equal(tokensEqual('abc', 'abcd'), false);
  t.equal(tokensEqual('', 'abc'), false);
});

t.test('tokenAuth', async (t) => {
  t.throws(() => tokenAuth('short'), /at least 16/);
  const app = appWith(tokenAuth(TOKEN));
  const ok = await app.request('/api/me', { headers: { authorization: `Bearer ${TOKEN}` } });
  t.equal(ok.status, 200);
  t.same(await ok.json(), { kind: 'token', username: 'local', role: 'admin' }, 'the local token holder is admin');

  const missing = await app.request('/api/me');
  t.equal(missing.status, 401);
  t.equal(missing.headers.get('content-type'), 'application/problem+json');
  t.equal(missing.headers.get('www-authenticate'), 'Bearer');
  t.match(await missing.json(), { status: 401, title: 'Unauthorized', detail: 'missing bearer token', instance: '/api/me' });

  const wrong = await app.request('/api/me', { headers: { authorization: `Bearer ${TOKEN}x` } });
  t.equal(wrong.status, 401);
  t.match(await wrong.json(), { detail: 'invalid token' });

  const basic = await app.request('/api/me', { headers: { authorization: `Basic ${TOKEN}` } });
  t.equal(basic.status, 401, 'only the Bearer scheme');

  const health = await app.request('/api/health');
  t.equal(health.status, 200, 'health needs no token');
});

// A Cognito user pool stand-in: a local RSA key whose JWKS hydrates the real verifier's cache, so
// signature, issuer, expiry, token use and client id are checked by aws-jwt-verify itself, offline.
const REGION = 'eu-west-1';
const POOL = `${REGION}_AbCdEfGhI`;
const CLIENT = '1example23456789clientid';
const ISSUER = `https://cognito-idp.${REGION}.amazonaws.com/${POOL}`;
const KID = 'test-key-1';

function b64url(x: Buffer | string): string {
  return Buffer.from(x).toString('base64url');
}

function sign(key: KeyObject, claims: Record<string, unknown>, kid = KID): string {
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const payload = b64url(JSON.stringify(claims));
  const s = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(key);
  return `${header}.${payload}.${b64url(s)}`;
}

t.test('cognitoAuth with a locally hydrated JWKS', async (t) => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...(publicKey.export({ format: 'jwk' }) as Record<string, string>), kid: KID, alg: 'RS256', use: 'sig' };
  const verifier = CognitoJwtVerifier.create({ userPoolId: POOL, clientId: CLIENT, tokenUse: null });
  verifier.cacheJwks({ keys: [jwk as never] });
  const logs: string[] = [];
  const app = appWith(cognitoAuth({ userPoolId: POOL, clientId: CLIENT, verifier: { verify: async (tok) => (await verifier.verify(tok)) as unknown as Record<string, unknown> }, log: (m) => logs.push(m) }));
  const now = Math.floor(Date.now() / 1000);
  const access = { iss: ISSUER, sub: 'u-1', client_id: CLIENT, token_use: 'access', username: 'alice', iat: now, exp: now + 600, jti: 'j1' };
  const id = { iss: ISSUER, sub: 'u-2', aud: CLIENT, token_use: 'id', 'cognito:username': 'bob', iat: now, exp: now + 600 };

  const call = (token: string) => app.request('/api/me', { headers: { authorization: `Bearer ${token}` } });
  const a = await call(sign(privateKey, access));
  t.equal(a.status, 200, 'an access token');
  t.same(await a.json(), { kind: 'cognito', username: 'alice', role: 'read-only' }, 'no groups: read-only');
  const i = await call(sign(privateKey, id));
  t.equal(i.status, 200, 'an ID token');
  t.same(await i.json(), { kind: 'cognito', username: 'bob', role: 'read-only' });

  // Both token kinds carry cognito:groups; the highest known group wins.
  const roles: Array<[Record<string, unknown>, string]> = [
    [{ ...access, 'cognito:groups': ['panther-analyst'] }, 'analyst'],
    [{ ...id, 'cognito:groups': ['panther-read-only', 'panther-admin'] }, 'admin'],
    [{ ...access, 'cognito:groups': ['admins', 'panther-superuser'] }, 'read-only'],
    [{ ...id, 'cognito:groups': 'panther-admin' }, 'read-only'],
  ];
  for (const [claims, role] of roles) {
    const r = await call(sign(privateKey, claims));
    t.equal(r.status, 200);
    t.equal(((await r.json()) as { role: string }).role, role, `${JSON.stringify(claims['cognito:groups'])} -> ${role}`);
  }

  const rejected = {
    'expired': sign(privateKey, { ...access, exp: now - 60 }),
    'other client': sign(privateKey, { ...access, client_id: 'someone-else' }),
    'other issuer': sign(privateKey, { ...access, iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other' }),
    'bad signature': sign(other.privateKey, access),
    'garbage': 'not.a.jwt',
  };
  for (const [name, token] of Object.entries(rejected)) {
    const r = await call(token);
    t.equal(r.status, 401, name);
    t.match(await r.json(), { status: 401, detail: 'invalid token' }, name);
  }
  t.equal(logs.length, Object.keys(rejected).length, 'each rejection logged');
  t.notOk(logs.some((l) => l.includes(sign(privateKey, access).split('.')[2]!)), 'no token in the logs');
  t.equal((await app.request('/api/me')).status, 401, 'no token');
  t.equal((await app.request('/api/health')).status, 200);
});
