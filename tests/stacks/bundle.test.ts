import t from 'tap';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleFunction, PROJECT_ROOT } from '../../stacks/constructs/bundle.js';

// Inside the repository, so the bundle's external @aws-sdk imports resolve when it is loaded.
const outRoot = join(PROJECT_ROOT, '.build', `test-bundle-${process.pid}`);
t.teardown(() => rmSync(outRoot, { recursive: true, force: true }));

// Bundling takes about a second: once here, once more for the determinism check.
const first = bundleFunction('log-processor', { outRoot });
const code = readFileSync(first.file, 'utf8');

t.test('one index.mjs in a folder named by its hash; the hash is that of its bytes', async (t) => {
  t.same(readdirSync(first.dir), ['index.mjs']);
  const bytes = readFileSync(first.file);
  t.equal(first.hash, createHash('sha256').update(bytes).digest('base64'));
  t.equal(first.hexHash, createHash('sha256').update(bytes).digest('hex'));
  t.equal(first.dir, join(outRoot, 'log-processor', first.hexHash));
  t.equal(first.bytes, bytes.length);
});

t.test('deterministic: a second bundle elsewhere has the same bytes and hash', async (t) => {
  const other = join(PROJECT_ROOT, '.build', `test-bundle-${process.pid}-2`);
  t.teardown(() => rmSync(other, { recursive: true, force: true }));
  const second = bundleFunction('log-processor', { outRoot: other, fresh: true });
  t.not(second.dir, first.dir);
  t.equal(second.hash, first.hash);
  t.ok(readFileSync(second.file).equals(readFileSync(first.file)));
});

t.test('cached within one synth', async (t) => {
  t.equal(bundleFunction('log-processor', { outRoot }), first, 'the same object, not a rebuild');
});

t.test('the AWS SDK stays external; no path of this machine leaks in', async (t) => {
  t.match(code, /from"@aws-sdk\/client-s3"/);
  t.match(code, /from"@aws-sdk\/credential-providers"/);
  // SigV4 and smithy live in the SDK: their presence would mean the SDK was bundled.
  t.notMatch(code, /AWS4-HMAC-SHA256/);
  t.notMatch(code, /@smithy\//);
  t.notOk(code.includes(PROJECT_ROOT), 'no absolute path of the repository');
  t.ok(first.bytes < 3_000_000, `small enough (${first.bytes} bytes)`);
});

t.test('ESM that loads and exports the handler', async (t) => {
  t.ok(first.file.endsWith('.mjs'));
  const mod = (await import(pathToFileURL(first.file).href)) as { handler?: (event: unknown, context: unknown) => Promise<{ batchItemFailures: unknown[] }> };
  t.type(mod.handler, 'function');
  // An S3 test event needs no AWS call: the bundled code (Powertools, parsers, config) runs end to end.
  process.env.LAKE_BUCKET = 'test-lake';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const context = { functionName: 'test', functionVersion: '1', invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:test', memoryLimitInMB: '128', awsRequestId: 'r1', getRemainingTimeInMillis: () => 60_000 };
  const event = { Records: [{ messageId: 'm1', body: JSON.stringify({ Event: 's3:TestEvent', Bucket: 'b' }), eventSource: 'aws:sqs' }] };
  const out = await mod.handler?.(event, context);
  t.same(out, { batchItemFailures: [] });
  const bad = await mod.handler?.({ Records: [...event.Records, { messageId: 'm2', body: 'not json', eventSource: 'aws:sqs' }] }, context);
  t.same(bad, { batchItemFailures: [{ itemIdentifier: 'm2' }] }, 'a bad message fails alone');
});

t.test('bad entries are refused by name', async (t) => {
  t.throws(() => bundleFunction('../etc'), /function entry "\.\.\/etc": lowercase letters/);
  t.throws(() => bundleFunction('no-such-function', { outRoot }), /function entry "no-such-function": .*does not exist/);
});

t.test('included files are packaged beside index.mjs and join the hash', async (t) => {
  const schemas = t.testdir({ 'thing.yml': 'schema: Custom.Thing\n', 'notes.txt': 'not a schema' });
  const withSchemas = bundleFunction('log-processor', { outRoot, include: [{ dir: schemas, as: 'schemas', pattern: /\.ya?ml$/ }] });
  t.same(readdirSync(withSchemas.dir).sort(), ['index.mjs', 'schemas']);
  t.same(readdirSync(join(withSchemas.dir, 'schemas')), ['thing.yml'], 'only the files matching the pattern');
  const expected = createHash('sha256').update(readFileSync(withSchemas.file)).update('\0schemas/thing.yml\0').update('schema: Custom.Thing\n').digest('base64');
  t.equal(withSchemas.hash, expected);
  t.not(withSchemas.hash, first.hash, 'a schema change is a code change');
  t.ok(existsSync(first.file), 'the bundle made earlier in this process stays (an asset may point at it)');
  t.throws(() => bundleFunction('log-processor', { outRoot, include: [{ dir: schemas, as: '../x' }] }), /include folder "\.\.\/x" must be a plain name/);
});

t.test('recursive includes keep the tree (no dot files or __pycache__), under a nested folder; extra entries are bundled on their own', async (t) => {
  const src = t.testdir({
    'top.py': 'x = 1\n',
    pkg: { '__init__.py': '', 'mod.py': 'y = 2\n', '__pycache__': { 'mod.cpython-312.pyc': 'junk' }, '.hidden.py': 'no' },
    'notes.txt': 'not python',
    'extra.ts': "export const answer: number = 6 * 7;\n",
  });
  const opts = {
    outRoot,
    include: [{ dir: src, as: 'python/py', pattern: /\.py$/, recursive: true }],
    entries: [{ source: join(src, 'extra.ts'), out: 'workers/extra.mjs' }],
  };
  const b = bundleFunction('log-processor', opts);
  t.same(readdirSync(b.dir).sort(), ['index.mjs', 'python', 'workers']);
  t.same(readdirSync(join(b.dir, 'python', 'py')).sort(), ['pkg', 'top.py']);
  t.same(readdirSync(join(b.dir, 'python', 'py', 'pkg')).sort(), ['__init__.py', 'mod.py']);
  const extra = (await import(pathToFileURL(join(b.dir, 'workers', 'extra.mjs')).href)) as { answer: number };
  t.equal(extra.answer, 42, 'the extra entry is a loadable ES module');
  // index.mjs, then every other file by its path, in path order.
  const rels = ['python/py/pkg/__init__.py', 'python/py/pkg/mod.py', 'python/py/top.py', 'workers/extra.mjs'];
  const h = createHash('sha256').update(readFileSync(b.file));
  for (const rel of rels) h.update(`\0${rel}\0`).update(readFileSync(join(b.dir, ...rel.split('/'))));
  t.equal(b.hash, h.digest('base64'), 'included files and extra entries join the hash');
  t.equal(b.totalBytes, [b.file, ...rels.map((r) => join(b.dir, ...r.split('/')))].reduce((n, f) => n + readFileSync(f).length, 0));
  t.throws(() => bundleFunction('log-processor', { outRoot, entries: [{ source: join(src, 'extra.ts'), out: 'index.mjs' }] }), /extra entry "index.mjs" must be/);
  t.throws(() => bundleFunction('log-processor', { outRoot, entries: [{ source: join(src, 'extra.ts'), out: '../x.mjs' }] }), /extra entry "\.\.\/x\.mjs" must be/);
  t.throws(() => bundleFunction('log-processor', { outRoot, include: [{ dir: src, as: 'a/../../b', recursive: true }] }), /must be a plain name/);
});

t.test('a function that bundles the Python engine or the TypeScript runtime gets their companions, deterministically', async (t) => {
  const fns = t.testdir({
    'py-user': { 'handler.ts': `export { PythonEngine as handler } from ${JSON.stringify(join(PROJECT_ROOT, 'detections', 'python', 'engine.js'))};\n` },
    'ts-user': { 'handler.ts': `export { loadTsDetection as handler } from ${JSON.stringify(join(PROJECT_ROOT, 'detections', 'engine', 'ts-runtime.js'))};\n` },
  });
  const py = bundleFunction('py-user', { outRoot, functionsDir: fns });
  t.same(readdirSync(py.dir).sort(), ['index.mjs', 'python']);
  t.same(readdirSync(join(py.dir, 'python')).sort(), ['py', 'pyodide', 'worker.mjs']);
  t.ok(existsSync(join(py.dir, 'python', 'pyodide', 'pyodide.asm.wasm')));
  t.ok(existsSync(join(py.dir, 'python', 'py', 'panther_detection_helpers', '__init__.py')));
  t.ok(py.totalBytes > 10_000_000 && py.totalBytes < 50_000_000, `Pyodide included, far under Lambda's 250 MB (${py.totalBytes} bytes)`);
  const again = bundleFunction('py-user', { outRoot: join(outRoot, 'again'), functionsDir: fns, fresh: true });
  t.equal(again.hash, py.hash, 'the same hash from a second build');
  const ts = bundleFunction('ts-user', { outRoot, functionsDir: fns });
  t.same(readdirSync(ts.dir).sort(), ['index.mjs', 'sucrase.mjs']);
  const sucrase = (await import(pathToFileURL(join(ts.dir, 'sucrase.mjs')).href)) as { default: { transform(code: string, o: { transforms: string[] }): { code: string } } };
  t.equal(sucrase.default.transform('const a: number = 1;', { transforms: ['typescript'] }).code, 'const a = 1;');
  t.same(readdirSync(first.dir), ['index.mjs'], 'a function using neither gets nothing more');
});
