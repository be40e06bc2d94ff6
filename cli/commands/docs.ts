import { Command } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import { logTypesReference, logTypesTable, replaceReadmeTable } from '../../parsers/core/docs.js';
import { builtinLogTypes } from '../../parsers/registry.js';

export const README_PATH = 'README.md';
export const REFERENCE_PATH = 'docs/log-types.md';

export async function generatedDocs(): Promise<{ readme: string; reference: string }> {
  const readme = await readFile(README_PATH, 'utf8');
  return { readme: replaceReadmeTable(readme, logTypesTable(builtinLogTypes)), reference: logTypesReference(builtinLogTypes) };
}

export function docsCommand(): Command {
  return new Command('docs')
    .description('Regenerate the log type table in README.md and docs/log-types.md from the declarations (run from the repository root)')
    .option('--check', 'exit 1 if the files are not current, writing nothing')
    .action(async (o: { check?: boolean }) => {
      const want = await generatedDocs();
      const haveReadme = await readFile(README_PATH, 'utf8');
      const haveRef = await readFile(REFERENCE_PATH, 'utf8').catch(() => '');
      const stale = [haveReadme !== want.readme ? README_PATH : '', haveRef !== want.reference ? REFERENCE_PATH : ''].filter((s) => s !== '');
      if (o.check === true) {
        if (stale.length > 0) {
          process.stderr.write(`out of date: ${stale.join(', ')}; run \`npm run docs\`\n`);
          process.exitCode = 1;
        }
        return;
      }
      await writeFile(README_PATH, want.readme);
      await writeFile(REFERENCE_PATH, want.reference);
      process.stdout.write(stale.length > 0 ? `updated ${stale.join(', ')}\n` : 'docs already current\n');
    });
}
