import { Command } from 'commander';
import { ensureConsoleBuilt } from '../../api/console-build.js';
import { startLocalApi } from '../../api/local.js';
import { DEFAULT_LAKE } from './process.js';

export interface ServeOptions {
  readonly lake: string;
  readonly host: string;
  readonly port: string;
  /** false with --no-token: no authentication (only with --host on loopback, never by default). */
  readonly token: boolean;
  readonly allowRemote?: boolean;
}

export function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port must be 0..65535, got "${v}"`);
  return n;
}

/**
 * Serves the console and the API over a local lake until SIGINT/SIGTERM: builds the console if
 * needed, prints the URL with the access token (in the fragment, so it never reaches server logs).
 */
export async function serveLake(o: ServeOptions, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  const port = parsePort(o.port);
  if (o.token === false && o.allowRemote === true) throw new Error('--no-token and --allow-remote together would open the lake to the network without authentication');
  const build = await ensureConsoleBuilt();
  if (build === 'built') out.write('Built the console (console/dist).\n');
  const server = await startLocalApi({ lakeDir: o.lake, host: o.host, port, ...(o.token === false ? { token: null } : {}), ...(o.allowRemote === true ? { allowNonLoopback: true } : {}) });
  out.write(['', `Console: ${server.url}`, o.token === false ? '  (no token: anyone who can reach this address can use it)' : '  (the token in the link is required; it changes at every start)', 'Press Ctrl-C to stop.', ''].join('\n'));
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void server.close().then(done, done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function serveOptions(c: Command): Command {
  return c
    .option('--host <address>', 'the address to listen on (loopback unless --allow-remote)', '127.0.0.1')
    .option('--port <n>', 'the port (0: any free port)', '8787')
    .option('--no-token', 'no access token (loopback only)')
    .option('--allow-remote', 'allow a non-loopback --host (the token is still required)');
}

export function serveCommand(): Command {
  return serveOptions(new Command('serve').description('Serve the console and the API over the local lake (loopback, with a random token)'))
    .option('--lake <dir>', 'the local lake directory', DEFAULT_LAKE)
    .action(async (o: ServeOptions) => serveLake(o));
}
