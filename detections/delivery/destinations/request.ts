// The pure output of an HTTP destination's buildRequest: sent as is by the sender.
export interface HttpRequest {
  readonly method: 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export function jsonRequest(url: string, body: unknown, headers: Record<string, string> = {}): HttpRequest {
  return { method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** Join an API base (without trailing slash) and a path. */
export function join(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}
