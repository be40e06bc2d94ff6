// Cognito hosted UI sign-in: OAuth 2.0 authorization code with PKCE (S256) and a state check. No
// client secret (a browser cannot keep one); the verifier and state live in sessionStorage only
// for the round trip.
import type { CognitoConfig } from './config.js';
import { codeChallenge, hostedUiOrigin, randomString } from './pkce.js';
import { jwtExpiry, setToken } from './session.js';

const PENDING_KEY = 'panther.pkce';


export async function startSignIn(cfg: CognitoConfig): Promise<void> {
  const verifier = randomString(48);
  const state = randomString(24);
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state }));
  const url = new URL('/oauth2/authorize', hostedUiOrigin(cfg.domain));
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: cfg.clientId,
    redirect_uri: cfg.redirectUri,
    scope: 'openid email profile',
    state,
    code_challenge: await codeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString();
  window.location.assign(url.toString());
}

/**
 * On the redirect back (`?code=...&state=...`): checks the state against the one this tab sent,
 * exchanges the code with the verifier, keeps the ID token. Returns false when the URL holds no
 * answer; throws when the answer is an error or does not match.
 */
export async function completeSignIn(cfg: CognitoConfig): Promise<boolean> {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('code');
  const error = params.get('error');
  if (code === null && error === null) return false;
  const returnedState = params.get('state');
  const pendingRaw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  // The code and state must not stay in the address bar or history.
  window.history.replaceState(null, '', `${window.location.pathname}#/`);
  if (error !== null) throw new Error(`sign-in failed: ${params.get('error_description') ?? error}`);
  const pending = pendingRaw === null ? null : (JSON.parse(pendingRaw) as { verifier: string; state: string });
  if (pending === null || returnedState === null || returnedState !== pending.state) throw new Error('sign-in failed: the state does not match this tab\'s request; sign in again');
  const res = await fetch(new URL('/oauth2/token', hostedUiOrigin(cfg.domain)), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: cfg.clientId, code: code ?? '', redirect_uri: cfg.redirectUri, code_verifier: pending.verifier }),
  });
  if (!res.ok) throw new Error(`sign-in failed: the token endpoint answered HTTP ${res.status}`);
  const tokens = (await res.json()) as { id_token?: string; access_token?: string };
  // The ID token: API Gateway's Cognito authorizer and the API's verifier both accept it.
  const token = tokens.id_token ?? tokens.access_token;
  if (token === undefined) throw new Error('sign-in failed: no token in the answer');
  const exp = jwtExpiry(token);
  if (exp !== undefined && exp <= Date.now()) throw new Error('sign-in failed: the token has already expired');
  setToken(token);
  return true;
}

export function signOutUrl(cfg: CognitoConfig): string {
  const url = new URL('/logout', hostedUiOrigin(cfg.domain));
  url.search = new URLSearchParams({ client_id: cfg.clientId, logout_uri: cfg.redirectUri }).toString();
  return url.toString();
}
