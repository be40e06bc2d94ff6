// Where the Python engine finds its worker, Pyodide and the harness: from the sources, from a Lambda
// bundle (stacks/constructs/bundle.ts COMPANIONS) or as given.
import t from 'tap';
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PythonEngine, pythonRuntimeFiles } from '../../../detections/python/engine.js';

const engineSource = fileURLToPath(new URL('../../../detections/python/engine.ts', import.meta.url));
const pyodideDir = dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));

t.test('resolution from the sources, a bundle, a compiled tree, or nothing', async (t) => {
  const src = pythonRuntimeFiles(pathToFileURL(engineSource).href);
  t.same(src, { workerUrl: new URL('./worker.ts', pathToFileURL(engineSource)) }, 'the sources: worker.ts, Pyodide and py/ found by the worker itself');
  t.equal(pythonRuntimeFiles()?.workerUrl.href, pathToFileURL(join(dirname(engineSource), 'worker.ts')).href, 'the default is this module');

  const bundle = t.testdir({ 'index.mjs': '', python: { 'worker.mjs': '', pyodide: {}, py: {} } });
  const index = pathToFileURL(join(bundle, 'index.mjs')).href;
  t.same(pythonRuntimeFiles(index), {
    workerUrl: new URL(pathToFileURL(join(bundle, 'python', 'worker.mjs')).href),
    pyodideDir: join(bundle, 'python', 'pyodide') + '/',
    libDir: join(bundle, 'python', 'py') + '/',
  });

  const compiled = t.testdir({ 'engine.js': '', 'worker.js': '' });
  t.equal(pythonRuntimeFiles(pathToFileURL(join(compiled, 'engine.js')).href)?.workerUrl.href, pathToFileURL(join(compiled, 'worker.js')).href);

  const bare = t.testdir({ 'index.mjs': '' });
  t.equal(pythonRuntimeFiles(pathToFileURL(join(bare, 'index.mjs')).href), undefined, 'bundled without the runtime');
});

t.test('explicit files: the harness folder and Pyodide directory given are the ones used', async (t) => {
  const root = t.testdir({});
  const lib = join(root, 'lib');
  cpSync(fileURLToPath(new URL('../../../detections/python/py', import.meta.url)), lib, { recursive: true });
  cpSync(join(lib, 'panther_core.py'), join(lib, 'only_here.py'));
  const engine = await PythonEngine.start({ runtime: { workerUrl: new URL('../../../detections/python/worker.ts', import.meta.url), pyodideDir: pyodideDir + '/', libDir: lib } });
  t.teardown(() => engine.close());
  await engine.loadDetection({ id: 'Uses.Lib', kind: 'rule', body: 'import only_here\n\ndef rule(event):\n    return event.get("x") == 1\n' });
  const out = await engine.run('Uses.Lib', { x: 1 });
  t.equal(out.matched, true, 'a module only in the given folder imports (else the load throws)');

  const empty = join(root, 'no-pyodide');
  mkdirSync(empty);
  await t.rejects(
    PythonEngine.start({ runtime: { workerUrl: new URL('../../../detections/python/worker.ts', import.meta.url), pyodideDir: empty + '/', libDir: lib } }),
    /Pyodide worker failed to start/,
    'a Pyodide directory without its files fails the start',
  );
});
