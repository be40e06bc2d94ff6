// Panther's p_occurs_* macros: their expansion (partition bounds plus p_event_time bounds), the
// errors of malformed calls, and DuckDB runs over a small lake whose events straddle hours, days
// and a year boundary.
import t from 'tap';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { builtinLogTypes } from '../../parsers/registry.js';
import { DuckDbQueryEngine } from '../../query/duckdb-engine.js';
import { expandMacros, expandQueryMacros, hasMacros, MacroError } from '../../query/macros.js';
import { QueryError } from '../../query/types.js';

const NOW = new Date('2024-03-04T12:00:00Z');

t.test('expansions: partition range, then the exact p_event_time bounds', async (t) => {
  t.equal(
    expandMacros("SELECT * FROM aws_cloudtrail WHERE p_occurs_between('2024-03-04 10:00:00', '2024-03-05T00:30:00Z')", { now: NOW }),
    'SELECT * FROM aws_cloudtrail WHERE (year >= 2024 AND year <= 2024 AND month >= 3 AND month <= 3 AND day >= 4 AND day <= 5 AND (year * 1000000 + month * 10000 + day * 100 + hour) >= 2024030410 AND ' +
      "(year * 1000000 + month * 10000 + day * 100 + hour) <= 2024030500 AND p_event_time >= TIMESTAMP '2024-03-04 10:00:00.000' AND p_event_time <= TIMESTAMP '2024-03-05 00:30:00.000')",
  );
  t.equal(
    expandMacros("SELECT 1 FROM t WHERE P_OCCURS_SINCE('6 hours')", { now: NOW }),
    "SELECT 1 FROM t WHERE (year >= 2024 AND (year * 1000000 + month * 10000 + day * 100 + hour) >= 2024030406 AND p_event_time >= TIMESTAMP '2024-03-04 06:00:00.000')",
  );
  t.equal(
    expandMacros('SELECT 1 FROM t a WHERE p_occurs_since(90, a)', { now: NOW }),
    "SELECT 1 FROM t a WHERE (a.year >= 2024 AND (a.year * 1000000 + a.month * 10000 + a.day * 100 + a.hour) >= 2024030411 AND a.p_event_time >= TIMESTAMP '2024-03-04 11:58:30.000')",
  );
  t.equal(
    expandMacros("p_occurs_around('2024-01-01T00:10:00+01:00', '30 m', \"x\")"),
    "(\"x\".year >= 2023 AND \"x\".year <= 2023 AND \"x\".month >= 12 AND \"x\".month <= 12 AND \"x\".day >= 31 AND \"x\".day <= 31 AND \"x\".hour >= 22 AND \"x\".hour <= 23 AND (\"x\".year * 1000000 + \"x\".month * 10000 + \"x\".day * 100 + \"x\".hour) >= 2023123122 AND " +
      "(\"x\".year * 1000000 + \"x\".month * 10000 + \"x\".day * 100 + \"x\".hour) <= 2023123123 AND \"x\".p_event_time >= TIMESTAMP '2023-12-31 22:40:00.000' AND \"x\".p_event_time <= TIMESTAMP '2023-12-31 23:40:00.000')",
  );
  t.equal(expandMacros("p_occurs_after('2024-03-04')"), "(year >= 2024 AND (year * 1000000 + month * 10000 + day * 100 + hour) >= 2024030400 AND p_event_time >= TIMESTAMP '2024-03-04 00:00:00.000')");
  t.equal(
    expandMacros("p_occurs_before('2024-03-04 10:30:15.5', 'c')"),
    "(c.year <= 2024 AND (c.year * 1000000 + c.month * 10000 + c.day * 100 + c.hour) <= 2024030410 AND c.p_event_time <= TIMESTAMP '2024-03-04 10:30:15.500')",
  );
  t.equal(expandMacros("p_occurs_since('2 weeks')", { now: NOW }), "(year >= 2024 AND (year * 1000000 + month * 10000 + day * 100 + hour) >= 2024021912 AND p_event_time >= TIMESTAMP '2024-02-19 12:00:00.000')");
});

t.test('only calls outside strings, quoted identifiers and comments expand; other SQL is untouched', async (t) => {
  const plain = "SELECT 'p_occurs_since(1)' AS s, \"p_occurs_since(\" FROM t -- p_occurs_since(\n/* p_occurs_before( */ WHERE my_p_occurs_since(1) AND x.p_occurs_after(2)";
  t.equal(expandMacros(plain), plain);
  t.notOk(hasMacros(plain));
  t.ok(hasMacros('select 1 where p_occurs_since (1)'));
  // Nested parentheses and commas inside a string argument stay in their argument.
  t.equal(
    expandMacros("SELECT count(*) FROM t WHERE (p_occurs_since('1 day') AND f(a, b) > 0)", { now: NOW }),
    "SELECT count(*) FROM t WHERE ((year >= 2024 AND (year * 1000000 + month * 10000 + day * 100 + hour) >= 2024030312 AND p_event_time >= TIMESTAMP '2024-03-03 12:00:00.000') AND f(a, b) > 0)",
  );
});

t.test('malformed calls name the macro and the argument', async (t) => {
  const err = (sql: string): string => {
    try {
      expandMacros(sql, { now: NOW });
    } catch (e) {
      if (e instanceof MacroError) return e.message;
      throw e;
    }
    return 'no error';
  };
  t.match(err('SELECT p_occurs_since()'), /^p_occurs_since: expected 1 or 2 arguments, got 0: p_occurs_since\(interval, \[table alias\]\)$/);
  t.match(err("p_occurs_between('2024-01-01')"), /^p_occurs_between: expected 2 or 3 arguments, got 1/);
  t.match(err("p_occurs_since('6 fortnights')"), /^p_occurs_since: argument 1 \(interval\) '6 fortnights' is not an interval/);
  t.match(err("p_occurs_between('2024-01-01', 'tomorrow')"), /^p_occurs_between: argument 2 \(end\) 'tomorrow' is not a timestamp/);
  t.match(err('p_occurs_after(now())'), /^p_occurs_after: argument 1 \(timestamp\) now\(\) is not a quoted timestamp/);
  t.match(err("p_occurs_after('2024-02-30')"), /^p_occurs_after: argument 1 \(timestamp\) '2024-02-30' is not a valid date/);
  t.match(err("p_occurs_between('2024-02-02', '2024-02-01')"), /^p_occurs_between: argument 2 \(end\) '2024-02-01' is before argument 1 \(start\)/);
  t.match(err("p_occurs_since('1 h', a.b)"), /^p_occurs_since: argument 2 \(table alias\) a\.b is not a table alias/);
  t.match(err("p_occurs_since('1 h'"), /^p_occurs_since: the call has no closing parenthesis$/);
  t.throws(() => expandQueryMacros('SELECT p_occurs_since()'), QueryError, 'the engines see a failed query');
});

/** A lake of CloudTrail events at chosen times, each in its hour's partition. */
function smallLake(times: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'macro-lake-'));
  for (const [name, iso] of Object.entries(times)) {
    const [y, mo, d, h] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10), iso.slice(11, 13)];
    const part = join(dir, 'logs', 'aws_cloudtrail', `year=${y}`, `month=${mo}`, `day=${d}`, `hour=${h}`);
    mkdirSync(part, { recursive: true });
    const line = { eventName: name, eventTime: iso, p_log_type: 'AWS.CloudTrail', p_row_id: name, p_event_time: `${iso.slice(0, 10)} ${iso.slice(11, 19)}.000000000` };
    writeFileSync(join(part, `${name}.json.gz`), gzipSync(`${JSON.stringify(line)}\n`));
  }
  return dir;
}

t.test('DuckDB runs macro queries over the lake', async (t) => {
  const dir = smallLake({
    newYearsEve: '2023-12-31T23:30:00Z',
    early: '2024-03-04T09:59:00Z',
    morning: '2024-03-04T10:15:00Z',
    noon: '2024-03-04T11:30:00Z',
    midnight: '2024-03-05T00:10:00Z',
  });
  const engine = await DuckDbQueryEngine.open({ lakeDir: dir, logTypes: builtinLogTypes, threads: 1 });
  t.teardown(() => engine.close());
  const names = async (where: string): Promise<string[]> =>
    (await engine.run(`SELECT eventname FROM aws_cloudtrail WHERE ${where} ORDER BY p_event_time`)).rows.map((r) => String(r.eventname));
  t.same(await names("p_occurs_between('2024-03-04 10:00', '2024-03-05 00:10:00')"), ['morning', 'noon', 'midnight']);
  t.same(await names("p_occurs_between('2024-03-04 10:00', '2024-03-05 00:09:59')"), ['morning', 'noon']);
  t.same(await names("p_occurs_around('2024-01-01 00:00:00', '30 minutes')"), ['newYearsEve']);
  t.same(await names("p_occurs_before('2024-03-04T10:15:00Z')"), ['newYearsEve', 'early', 'morning']);
  t.same(await names("p_occurs_after('2024-03-04 11:00:00')"), ['noon', 'midnight']);
  // Relative to the clock: everything is in the past, and nothing is in the last minute.
  t.same(await names("p_occurs_since('3650 days')"), ['newYearsEve', 'early', 'morning', 'noon', 'midnight']);
  t.same(await names('p_occurs_since(60)'), []);
  const joined = await engine.run(
    "SELECT a.eventname AS a, b.eventname AS b FROM aws_cloudtrail a JOIN aws_cloudtrail b ON a.p_row_id <> b.p_row_id WHERE p_occurs_after('2024-03-04 11:00', a) AND p_occurs_before('2024-03-04 10:00', b) ORDER BY a, b",
  );
  t.same(joined.rows, [
    { a: 'midnight', b: 'early' },
    { a: 'midnight', b: 'newYearsEve' },
    { a: 'noon', b: 'early' },
    { a: 'noon', b: 'newYearsEve' },
  ]);
  await t.rejects(engine.run("SELECT 1 FROM aws_cloudtrail WHERE p_occurs_since('soon')"), { name: 'QueryError', message: /p_occurs_since: argument 1 \(interval\) 'soon'/ });
});
