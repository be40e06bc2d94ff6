import { Command, CommanderError } from 'commander';

// Each command's module is imported only when that command runs: the commands reach very different
// dependencies (DuckDB, the AWS SDK clients of 30+ services, the Python engine), and a CLI call
// should not pay for all of them. Without a known command name, every command is loaded for help.
const COMMANDS: Record<string, () => Promise<Command>> = {
  local: async () => (await import('./commands/local.js')).localCommand(),
  serve: async () => (await import('./commands/serve.js')).serveCommand(),
  process: async () => (await import('./commands/process.js')).processCommand(),
  logtypes: async () => (await import('./commands/logtypes.js')).logtypesCommand(),
  schema: async () => (await import('./commands/schema.js')).schemaCommand(),
  docs: async () => (await import('./commands/docs.js')).docsCommand(),
  analysis: async () => (await import('./commands/analysis.js')).analysisCommand(),
  alerts: async () => (await import('./commands/alerts.js')).alertsCommand(),
  query: async () => (await import('./commands/query.js')).queryCommand(),
  scheduled: async () => (await import('./commands/scheduled.js')).scheduledCommand(),
  scan: async () => (await import('./commands/scan.js')).scanCommand(),
  compliance: async () => (await import('./commands/compliance.js')).complianceCommand(),
  remediate: async () => (await import('./commands/remediate.js')).remediateCommand(),
};

/** The program with the named command only, or with every command when `name` is not one of them. */
export async function program(name?: string): Promise<Command> {
  const p = new Command('panther').description('Security data lake, detections, cloud security and console for AWS: the local tools').showHelpAfterError();
  const wanted = name !== undefined && Object.hasOwn(COMMANDS, name) ? [name] : Object.keys(COMMANDS);
  for (const c of await Promise.all(wanted.map((n) => COMMANDS[n]!()))) p.addCommand(c);
  return p;
}

try {
  await (await program(process.argv[2])).exitOverride().parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode;
  } else {
    process.stderr.write(`panther: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}
