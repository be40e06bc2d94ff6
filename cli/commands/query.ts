import { Command, Option } from 'commander';
import { stat } from 'node:fs/promises';
import { DOCUMENTED_QUERIES, documentedQuery, renderQuery } from '../../query/documented-queries.js';
import { DuckDbQueryEngine } from '../../query/duckdb-engine.js';
import { formatResult, RESULT_FORMATS, type ResultFormat } from '../../query/format.js';
import { QueryError } from '../../query/types.js';
import { DEFAULT_LAKE, knownLogTypes } from './process.js';

function parseMaxRows(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 10_000_000) throw new Error(`--max-rows must be an integer from 1 to 10000000, got "${v}"`);
  return n;
}

function parseParam(v: string, acc: Record<string, string>): Record<string, string> {
  const i = v.indexOf('=');
  if (i <= 0) throw new Error(`--param must be NAME=VALUE, got "${v}"`);
  return { ...acc, [v.slice(0, i)]: v.slice(i + 1) };
}

function listing(): string {
  const width = Math.max(...DOCUMENTED_QUERIES.map((q) => q.id.length));
  const lines = DOCUMENTED_QUERIES.map((q) => `  ${q.id.padEnd(width)}  ${q.title}${q.params.length > 0 ? ` (params: ${q.params.map((p) => `${p.name}=${p.example}`).join(' ')})` : ''}`);
  return `Documented queries (docs/queries.md); run one with --documented ID [--param NAME=VALUE ...]:\n${lines.join('\n')}\n`;
}

/** `write` receives what the command prints (tests pass their own; the CLI, stdout). */
export function queryCommand(write: (text: string) => void = (text) => void process.stdout.write(text)): Command {
  return new Command('query')
    .description('Run SQL over the local lake with DuckDB (the same databases, tables and views as Athena)')
    .argument('[sql]', 'one SELECT statement; unqualified table names resolve in panther_logs')
    .option('--lake <dir>', 'the local lake directory', DEFAULT_LAKE)
    .addOption(new Option('--format <format>', 'output format').choices(RESULT_FORMATS).default('table'))
    .addOption(new Option('--max-rows <n>', 'print at most this many rows').default(1000).argParser(parseMaxRows))
    .option('--schemas <dir>', 'a directory of custom log schemas (*.yml): their tables too')
    .option('--documented <id>', 'run a documented query instead of SQL (see --list)')
    .option('--param <name=value>', 'a parameter of the documented query (repeatable)', parseParam, {} as Record<string, string>)
    .option('--list', 'list the documented queries')
    .addHelpText(
      'after',
      `
Databases: panther_logs (one table per log type, and unclassified), panther_rule_matches,
panther_rule_errors (one table per log type each), panther_views (all_logs, all_rule_matches,
all_rule_errors). year/month/day/hour are integer partition columns. See docs/queries.md.

Examples:
  npx panther query "SELECT p_log_type, count(*) AS n FROM panther_views.all_logs GROUP BY 1"
  npx panther query --format csv "SELECT eventname, sourceipaddress FROM aws_cloudtrail"
  npx panther query --documented indicator-ip --param ip=203.0.113.10`,
    )
    .action(async (sql: string | undefined, o: { lake: string; format: ResultFormat; maxRows: number; schemas?: string; documented?: string; param: Record<string, string>; list?: boolean }) => {
      if (o.list === true) {
        write(listing());
        return;
      }
      if (o.documented !== undefined && sql !== undefined) throw new Error('give either SQL or --documented ID, not both');
      const text = o.documented !== undefined ? renderQuery(documentedQuery(o.documented), o.param) : sql;
      if (text === undefined || text.trim() === '') throw new Error('no SQL given (or --documented ID; --list shows them)');
      const isDir = await stat(o.lake).then((s) => s.isDirectory(), () => false);
      if (!isDir) throw new Error(`no lake at ${o.lake}: run \`npm start\` or \`npx panther process --lake ${o.lake} FILES\` first`);
      const known = await knownLogTypes(o.schemas);
      const engine = await DuckDbQueryEngine.open({ lakeDir: o.lake, logTypes: [...known.all] });
      try {
        const result = await engine.run(text, { maxRows: o.maxRows });
        write(formatResult(result, o.format));
      } catch (err) {
        if (err instanceof QueryError) throw new Error(`query failed: ${err.message}`);
        throw err;
      } finally {
        await engine.close();
      }
    });
}
