// `panther analysis upload`: into a local lake, and to a running API (a real local server) with its token.
import t from 'tap';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalApi } from '../../api/local.js';
import { loadLocalAnalysis } from '../../detections/pipeline/local.js';
import { childEnv } from '../helpers/child-env.js';
import { panther, ROOT } from '../helpers/cli.js';

const FIXTURE = join(ROOT, 'tests/detections/testing/fixtures/repo');

function tmp(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'panther-upload-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** `panther ARGS` without blocking this process's event loop (the API under test runs in it). */
function pantherAsync(args: readonly string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [`${ROOT}/bin/panther.js`, ...args], { cwd: ROOT, env: childEnv(env), encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ status: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, stdout, stderr });
    });
  });
}

t.test('upload into a local lake, then to a running API with its token', async (t) => {
  const lakeDir = tmp(t);
  const local = panther(['analysis', 'upload', '--path', FIXTURE, '--lake', lakeDir]);
  t.equal(local.status, 0, local.stderr);
  t.match(local.stdout, /Uploaded 7 specs \(\d+ bytes\) to .*: 6 created, 0 updated, 0 error\(s\)\./);
  const { items } = await loadLocalAnalysis({ lakeDir });
  t.ok(items.some((i) => i.id === 'Acme.Root.Activity'), 'the next local run loads the uploaded detections');
  const again = panther(['analysis', 'upload', '--path', FIXTURE, '--lake', lakeDir]);
  t.match(again.stdout, /0 created, 6 updated/);

  const server = await startLocalApi({ lakeDir: tmp(t), port: 0, token: 'test-token-0123456789abcdef0123456789' });
  t.teardown(() => server.close());
  const viaApi = await pantherAsync(['analysis', 'upload', '--path', FIXTURE, '--api-url', server.origin], { PANTHER_API_TOKEN: 'test-token-0123456789abcdef0123456789' });
  t.equal(viaApi.status, 0, viaApi.stderr);
  t.match(viaApi.stdout, `to ${server.origin}: 6 created`);
  const listed = (await (await fetch(`${server.origin}/api/detections`, { headers: { authorization: 'Bearer test-token-0123456789abcdef0123456789' } })).json()) as { items: Array<{ id: string; builtin: boolean }> };
  t.match(listed.items.find((i) => i.id === 'Acme.Root.Activity'), { builtin: false });

  const wrong = await pantherAsync(['analysis', 'upload', '--path', FIXTURE, '--api-url', server.origin], { PANTHER_API_TOKEN: 'nope' });
  t.equal(wrong.status, 1);
  t.match(wrong.stderr, /api\/detections\/upload: HTTP 401/);
  const missing = await pantherAsync(['analysis', 'upload', '--path', FIXTURE, '--api-url', server.origin], { PANTHER_API_TOKEN: '' });
  t.equal(missing.status, 1);
  t.match(missing.stderr, 'set PANTHER_API_TOKEN');
});
