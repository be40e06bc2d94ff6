import { Command } from 'commander';
import { describeLogType } from '../../parsers/core/describe.js';
import { knownLogTypes } from './process.js';

export function logtypesCommand(): Command {
  return new Command('logtypes')
    .description('List the declared log types')
    .option('--json', 'print the declarations (fields, types, indicators, Glue types) as JSON')
    .option('--schemas <dir>', 'also list the custom log schemas (*.yml) of a directory')
    .action(async (o: { json?: boolean; schemas?: string }) => {
      const { all } = await knownLogTypes(o.schemas);
      if (o.json === true) {
        process.stdout.write(`${JSON.stringify(all.map(describeLogType), null, 2)}\n`);
        return;
      }
      const width = Math.max(...all.map((l) => l.name.length));
      for (const lt of all) process.stdout.write(`${lt.name.padEnd(width)}  ${lt.description}\n`);
    });
}
