// What /config.json tells the console about signing in.
export interface CognitoConfig {
  type: 'cognito';
  /** The hosted UI domain: `my-prefix.auth.us-east-1.amazoncognito.com` or a custom domain (https). */
  domain: string;
  clientId: string;
  userPoolId: string;
  redirectUri: string;
}

/** token: the local server's bearer token; none: a local server started without authentication. */
export type AuthConfig = { type: 'token' } | { type: 'none' } | CognitoConfig;

export interface ConsoleConfig {
  auth: AuthConfig;
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const res = await fetch('/config.json', { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`/config.json: HTTP ${res.status}`);
  const body = (await res.json()) as Partial<ConsoleConfig>;
  const auth = body.auth;
  if (auth?.type === 'cognito') {
    for (const k of ['domain', 'clientId', 'redirectUri'] as const) {
      if (typeof auth[k] !== 'string' || auth[k] === '') throw new Error(`/config.json: auth.${k} is missing`);
    }
    return { auth };
  }
  if (auth?.type === 'none') return { auth: { type: 'none' } };
  return { auth: { type: 'token' } };
}
