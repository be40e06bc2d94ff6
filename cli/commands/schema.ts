import { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { Classifier } from '../../parsers/classifier.js';
import { inferSchema } from '../../parsers/custom/infer.js';
import { loadSchemaFile } from '../../parsers/custom/load.js';
import { SchemaSpecSchema } from '../../parsers/custom/spec.js';
import { formatEpochMs } from '../../parsers/core/time.js';

async function lines(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch((err: Error) => {
    throw new Error(`${path}: ${err.message}`);
  });
  return text.split('\n').map((l) => l.replace(/\r$/, ''));
}

export function schemaCommand(): Command {
  const test = new Command('test')
    .description("Check a custom schema against sample lines: each line's event, or the reason it did not match")
    .argument('<schema>', 'the schema YAML file')
    .argument('<sample>', 'a file of sample lines')
    .option('--json', 'one JSON object per line: {line, ok, event | reason}')
    .action(async (schemaPath: string, samplePath: string, o: { json?: boolean }) => {
      const logType = await loadSchemaFile(schemaPath);
      const c = new Classifier([logType], { source: { sourceId: 'schema-test', sourceLabel: 'schema-test' }, rowIdPrefix: 'test', parseTime: formatEpochMs(Date.now()) as string });
      let matched = 0, failed = 0, headers = 0;
      for (const [i, line] of (await lines(samplePath)).entries()) {
        if (line.trim() === '') continue;
        const r = c.classify(line);
        const n = i + 1;
        if (r.kind === 'event') matched++;
        else if (r.kind === 'header') headers++;
        else failed++;
        if (o.json === true) {
          const out = r.kind === 'event' ? { line: n, ok: true, event: r.event } : r.kind === 'header' ? { line: n, ok: true, header: true } : { line: n, ok: false, reason: r.reasons[0]?.reason ?? '' };
          process.stdout.write(`${JSON.stringify(out)}\n`);
        } else if (r.kind === 'event') process.stdout.write(`line ${n}: ok ${JSON.stringify(r.event)}\n`);
        else if (r.kind === 'header') process.stdout.write(`line ${n}: header\n`);
        else process.stdout.write(`line ${n}: no match: ${r.reasons[0]?.reason ?? ''}\n`);
      }
      process.stderr.write(`${logType.name}: ${matched} matched, ${failed} did not${headers > 0 ? `, ${headers} header line(s)` : ''}\n`);
      if (failed > 0) process.exitCode = 1;
    });
  const infer = new Command('infer')
    .description('Draft a custom schema (YAML on stdout) from sample JSON lines')
    .argument('<sample>', 'a file of JSON lines')
    .option('--name <name>', 'the log type name', 'Custom.Inferred')
    .action(async (samplePath: string, o: { name: string }) => {
      const spec = inferSchema(await lines(samplePath), o.name);
      // What we print must load back: check it against the schema language first.
      const checked = SchemaSpecSchema.safeParse(spec);
      if (!checked.success) throw new Error(`inferred schema is invalid: ${checked.error.issues[0]?.message ?? ''}`);
      process.stdout.write(stringify(spec, { version: '1.2' }));
    });
  return new Command('schema')
    .description('Custom log schemas: test one against samples, or draft one from JSON lines')
    .addCommand(test)
    .addCommand(infer)
    .addHelpText(
      'after',
      `
Schemas are YAML files (see docs/custom-schemas.md); a directory of them is loaded with --schemas DIR
by \`panther process\` and \`panther logtypes\`, and by the log processor (SCHEMAS_DIR).`,
    );
}
