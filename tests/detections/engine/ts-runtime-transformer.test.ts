// The compiler behind the TypeScript runtime's hooks: sucrase, from the installed package or from the
// sucrase.mjs a Lambda bundle carries beside index.mjs (no esbuild binary to package).
import t from 'tap';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transformerUrl } from '../../../detections/engine/ts-runtime.js';

t.test('the installed package from the sources, the bundled copy from a bundle', async (t) => {
  t.equal(transformerUrl(), pathToFileURL(createRequire(import.meta.url).resolve('sucrase')).href);
  const bundle = t.testdir({ 'index.mjs': '', 'sucrase.mjs': '' });
  t.equal(transformerUrl(pathToFileURL(join(bundle, 'index.mjs')).href), pathToFileURL(join(bundle, 'sucrase.mjs')).href);
  // Outside the repository, whose node_modules would resolve the package.
  const bare = mkdtempSync(join(tmpdir(), 'panther-bare-bundle-'));
  t.teardown(() => rmSync(bare, { recursive: true, force: true }));
  writeFileSync(join(bare, 'index.mjs'), '');
  t.throws(() => transformerUrl(pathToFileURL(join(bare, 'index.mjs')).href), /sucrase/, 'a bundle without it cannot compile TypeScript');
});

t.test('what the hooks ask of sucrase: types, enums and type-only imports removed, lines kept', async (t) => {
  const mod = (await import(transformerUrl())) as { transform?: unknown; default?: { transform: unknown } };
  const sucrase = (typeof mod.transform === 'function' ? mod : mod.default) as { transform(code: string, o: object): { code: string } };
  const source = "import type { A } from './a.js';\nimport { b } from './b.js';\nenum E { X = 'x' }\nexport const f = (a: A): string => b(a) + E.X;\n";
  const out = sucrase.transform(source, { transforms: ['typescript'], disableESTransforms: true, filePath: 'x.ts' }).code;
  t.notMatch(out, /\.\/a\.js/, 'the type-only import is gone');
  t.match(out, /import \{ b \} from '\.\/b\.js'/);
  t.match(out, /E\["X"\] = X/, 'the enum is compiled');
  t.match(out, /export const f = \(a\) => b\(a\) \+ E\.X/);
  t.equal(out.split('\n').length, source.split('\n').length, 'line numbers are kept');
});
