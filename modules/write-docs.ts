// Rewrites the committed module docs (modules/README.md, modules/<module>/{README.md,example.tf}).
// Run: node bin/run-ts.js modules/write-docs.ts
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { committedDocs } from './index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
for (const [path, content] of committedDocs()) {
  writeFileSync(join(root, path), content);
  console.log(`wrote ${path}`);
}
