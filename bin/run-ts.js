#!/usr/bin/env node
// `node bin/run-ts.js file.ts args...`: runs a TypeScript entry point (bench, synth) through tsx.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const [file, ...rest] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: run-ts.js FILE.ts [ARGS...]');
  process.exit(2);
}
register();
process.argv = [process.argv[0], resolve(file), ...rest];
await import(pathToFileURL(resolve(file)).href);
