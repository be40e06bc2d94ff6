import { Command } from 'commander';
import { describeLogType } from '../../parsers/core/describe.js';
import { builtinLogTypes } from '../../parsers/registry.js';

export function logtypesCommand(): Command {
  return new Command('logtypes')
    .description('List the declared log types')
    .option('--json', 'print the declarations (fields, types, indicators, Glue types) as JSON')
    .action((o: { json?: boolean }) => {
      if (o.json === true) {
        process.stdout.write(`${JSON.stringify(builtinLogTypes.map(describeLogType), null, 2)}\n`);
        return;
      }
      const width = Math.max(...builtinLogTypes.map((l) => l.name.length));
      for (const lt of builtinLogTypes) process.stdout.write(`${lt.name.padEnd(width)}  ${lt.description}\n`);
    });
}
