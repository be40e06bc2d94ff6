// `panther query`: SQL over the local lake. Most cases run the command in-process (each run
// opens DuckDB; a process per case is too slow for a 2-core machine); two run as a user does, in
// a process with main.ts's error handling (exit code and "panther: <message>"). Until cli/main.ts
// registers the command, that process is a copy of main.ts's handling around queryCommand().
import t from 'tap';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { queryCommand } from '../../cli/commands/query.js';
import { childEnv } from '../helpers/child-env.js';
import { ROOT } from '../helpers/cli.js';
import { buildSampleLake } from '../query/fixtures/sample-lake.js';

const RUNNER = `
import { register } from 'tsx/esm/api';
register();
const { Command, CommanderError } = await import('commander');
const { queryCommand } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'cli/commands/query.ts')).href)});
try {
  await new Command('panther').addCommand(queryCommand()).exitOverride().parseAsync(process.argv.slice(1), { from: 'user' });
} catch (err) {
  if (err instanceof CommanderError) process.exitCode = err.exitCode;
  else {
    process.stderr.write('panther: ' + err.message + '\\n');
    process.exitCode = 1;
  }
}
`;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `panther query ARGS` in its own process. */
function spawned(args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', RUNNER, 'query', ...args], { cwd: ROOT, env: childEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** `panther query ARGS` in-process, with main.ts's mapping of errors to exit 1 and "panther: <message>". */
async function query(args: readonly string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const cmd = queryCommand((text) => void (stdout += text));
  // addCommand() does not pass exitOverride down: without it a usage error would exit the test.
  cmd.exitOverride().configureOutput({ writeOut: (s) => void (stdout += s), writeErr: (s) => void (stderr += s) });
  try {
    await new Command('panther').addCommand(cmd).exitOverride().parseAsync(['query', ...args], { from: 'user' });
    return { status: 0, stdout, stderr };
  } catch (err) {
    if (err instanceof CommanderError) return { status: err.exitCode, stdout, stderr };
    return { status: 1, stdout, stderr: `${stderr}panther: ${(err as Error).message}\n` };
  }
}

const lake = await buildSampleLake();

t.test('table output (default): aligned, control characters escaped, the row count; --max-rows', async (t) => {
  const [r, m] = await Promise.all([
    query(['--lake', lake.dir, "SELECT eventname, sourceipaddress, year, hour, chr(27) || '[31m' AS esc FROM aws_cloudtrail WHERE year = 2023 AND day = 19 ORDER BY p_event_time"]),
    query(['--lake', lake.dir, '--max-rows', '2', 'SELECT p_row_id FROM aws_vpcflow']),
  ]);
  t.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n');
  // Log data is attacker controlled: an ESC from it must not reach the terminal.
  t.same(lines.slice(0, 5), [
    'eventname     sourceipaddress  year  hour  esc',
    '------------  ---------------  ----  ----  ----------',
    'AssumeRole    192.0.2.101      2023  21    \\u001b[31m',
    'ConsoleLogin  198.51.100.178   2023  21    \\u001b[31m',
    'CreateUser    198.51.100.178   2023  22    \\u001b[31m',
  ]);
  t.match(lines[5], /^3 row\(s\) in \d+\.\d\d s$/);
  t.notOk(r.stdout.includes('\u001b'));
  t.equal(m.status, 0, m.stderr);
  t.match(m.stdout, /\n2 row\(s\) \(more rows not shown: raise --max-rows\) in /);
});

t.test('--format json and csv', async (t) => {
  const [j, c] = await Promise.all([
    query(['--lake', lake.dir, '--format', 'json', "SELECT eventname, p_any_ip_addresses, p_event_time FROM aws_cloudtrail WHERE eventname = 'RunInstances'"]),
    query(['--lake', lake.dir, '--format', 'csv', "SELECT eventname, 'a,\"b\"' AS odd, NULL AS nothing FROM aws_cloudtrail ORDER BY p_event_time LIMIT 2"]),
  ]);
  t.equal(j.status, 0, j.stderr);
  t.same(JSON.parse(j.stdout), {
    columns: [
      { name: 'eventname', type: 'VARCHAR' },
      { name: 'p_any_ip_addresses', type: 'VARCHAR[]' },
      { name: 'p_event_time', type: 'TIMESTAMP' },
    ],
    rows: [{ eventname: 'RunInstances', p_any_ip_addresses: ['10.0.1.25', '203.0.113.10'], p_event_time: '2023-07-20T09:03:11.000Z' }],
    truncated: false,
  });
  t.equal(c.status, 0, c.stderr);
  t.equal(c.stdout, 'eventname,odd,nothing\r\nAssumeRole,"a,""b""",\r\nConsoleLogin,"a,""b""",\r\n');
});

t.test('documented queries by id, with parameters', async (t) => {
  const [l, r, p, bad] = await Promise.all([
    query(['--list']),
    query(['--lake', lake.dir, '--format', 'json', '--documented', 'cloudtrail-ips-in-vpc-flows']),
    query(['--lake', lake.dir, '--format', 'json', '--documented', 'indicator-ip', '--param', 'ip=192.0.2.101']),
    query(['--lake', lake.dir, '--documented', 'partition-hour', '--param', 'hour=1 OR 1=1']),
  ]);
  t.match(l.stdout, /indicator-ip\s+Everything that mentions an IP address \(params: ip=203\.0\.113\.10\)/);
  t.same(JSON.parse(r.stdout).rows, [
    { ip: '198.51.100.178', api_calls: 2, flows: 1 },
    { ip: '203.0.113.10', api_calls: 3, flows: 2 },
  ]);
  t.same(JSON.parse(p.stdout).rows.map((x: { p_log_type: string }) => x.p_log_type), ['AWS.CloudTrail']);
  t.equal(bad.status, 1);
  t.equal(bad.stderr, 'panther: partition-hour: parameter hour: not an integer: "1 OR 1=1"\n');
});

t.test('as a process: the output on stdout, exit 0; bad SQL exits 1 naming the problem', async (t) => {
  const [ok, bad] = await Promise.all([
    spawned(['--lake', lake.dir, '--format', 'csv', "SELECT eventname FROM aws_cloudtrail WHERE eventname = 'CreateUser'"]),
    spawned(['--lake', lake.dir, 'SELECT nosuch FROM aws_cloudtrail']),
  ]);
  t.equal(ok.status, 0, ok.stderr);
  t.equal(ok.stdout, 'eventname\r\nCreateUser\r\n');
  t.equal(bad.status, 1);
  t.match(bad.stderr, /^panther: query failed: Binder Error: Referenced column "nosuch" not found/);
  t.equal(bad.stdout, '');
});

t.test('bad SQL, a missing lake, bad options: exit 1 with the problem named', async (t) => {
  const missing = join(mkdtempSync(join(tmpdir(), 'panther-nolake-')), 'nope');
  const [bad, syntax, write, none, rows, fmt, empty] = await Promise.all([
    query(['--lake', lake.dir, 'SELECT nosuch FROM aws_cloudtrail']),
    query(['--lake', lake.dir, 'SELEC 1']),
    query(['--lake', lake.dir, 'DROP VIEW aws_cloudtrail']),
    query(['--lake', missing, 'SELECT 1']),
    query(['--lake', lake.dir, '--max-rows', '0', 'SELECT 1']),
    query(['--lake', lake.dir, '--format', 'xml', 'SELECT 1']),
    query(['--lake', lake.dir]),
  ]);
  t.equal(bad.status, 1);
  t.match(bad.stderr, /^panther: query failed: Binder Error: Referenced column "nosuch" not found/);
  t.equal(bad.stdout, '');
  t.equal(syntax.status, 1);
  t.match(syntax.stderr, /^panther: query failed: Parser Error: syntax error at or near "SELEC"/);
  t.equal(write.status, 1);
  t.match(write.stderr, /only SELECT queries run on the lake \(got a DROP statement\)/);
  t.equal(none.status, 1);
  t.equal(none.stderr, `panther: no lake at ${missing}: run \`npm start\` or \`npx panther process --lake ${missing} FILES\` first\n`);
  t.equal(rows.status, 1);
  t.match(rows.stderr, /--max-rows must be an integer from 1 to 10000000, got "0"/);
  t.equal(fmt.status, 1);
  t.match(fmt.stderr, /argument 'xml' is invalid. Allowed choices are table, json, csv/);
  t.equal(empty.status, 1);
  t.match(empty.stderr, /no SQL given/);
});
