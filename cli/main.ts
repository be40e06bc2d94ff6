import { Command, CommanderError } from 'commander';
import { alertsCommand } from './commands/alerts.js';
import { complianceCommand } from './commands/compliance.js';
import { analysisCommand } from './commands/analysis.js';
import { docsCommand } from './commands/docs.js';
import { localCommand } from './commands/local.js';
import { logtypesCommand } from './commands/logtypes.js';
import { processCommand } from './commands/process.js';
import { queryCommand } from './commands/query.js';
import { remediateCommand } from './commands/remediate.js';
import { scanCommand } from './commands/scan.js';
import { scheduledCommand } from './commands/scheduled.js';
import { serveCommand } from './commands/serve.js';
import { schemaCommand } from './commands/schema.js';

export function program(): Command {
  const p = new Command('panther')
    .description('Security data lake and detections for AWS: local tools for the log processor')
    .showHelpAfterError()
    .addCommand(localCommand())
    .addCommand(processCommand())
    .addCommand(logtypesCommand())
    .addCommand(schemaCommand())
    .addCommand(docsCommand())
    .addCommand(analysisCommand())
    .addCommand(alertsCommand())
    .addCommand(queryCommand())
    .addCommand(scanCommand())
    .addCommand(complianceCommand())
    .addCommand(remediateCommand())
    .addCommand(scheduledCommand())
    .addCommand(serveCommand());
  return p;
}

try {
  await program().exitOverride().parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode;
  } else {
    process.stderr.write(`panther: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}
