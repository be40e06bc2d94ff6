// PKCE (RFC 7636, S256) and the hosted UI's origin: pure functions over Web Crypto, which browsers
// and Node both provide.

export function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** `bytes` random bytes, base64url: 32 give a 43-character verifier (RFC 7636 asks 43 to 128). */
export function randomString(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** The hosted UI's origin from `prefix.auth.region.amazoncognito.com` or an https URL; only https is accepted. */
export function hostedUiOrigin(domain: string): string {
  const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(domain) ? domain : `https://${domain}`);
  if (url.protocol !== 'https:') throw new Error('the Cognito domain must use https');
  return url.origin;
}
