// The lake schema both engines share: Glue types parsed once and rendered per engine, column
// names as DataCatalog makes them, values normalized the same way.
import t from 'tap';
import { COMPLIANCE_HISTORY_COLUMNS, RESOURCE_HISTORY_COLUMNS } from '../../cloud-security/history.js';
import { builtinLogTypes } from '../../parsers/registry.js';
import { duckDbType, parseHiveType, prestoType } from '../../query/hive-types.js';
import { lakeColumnName, lakeDatabaseNames, lakeSchema } from '../../query/lake-schema.js';
import { formatCsv, formatTable } from '../../query/format.js';
import { isoTimestamp, safeInteger } from '../../query/values.js';
import { columnName } from '../../stacks/data-catalog.js';

t.test('Glue types parse and render for DuckDB and Presto', async (t) => {
  const ty = parseHiveType('array<struct<ARN:string,`x-y`:map<string,array<bigint>>,n:int,at:timestamp,ok:boolean,f:double>>');
  t.equal(duckDbType(ty), 'STRUCT("ARN" VARCHAR, "x-y" MAP(VARCHAR, BIGINT[]), "n" INTEGER, "at" TIMESTAMP, "ok" BOOLEAN, "f" DOUBLE)[]');
  t.equal(prestoType(ty), 'array(row("ARN" varchar,"x-y" map(varchar,array(bigint)),"n" integer,"at" timestamp,"ok" boolean,"f" double))');
  t.equal(duckDbType(parseHiveType('struct<>')), 'VARCHAR', 'an empty struct holds its JSON text');
  t.throws(() => parseHiveType('array<string'), /expected ">"/);
  t.throws(() => parseHiveType('string>'), /trailing text/);
  t.throws(() => duckDbType(parseHiveType('binary')), /no DuckDB type for Glue type "binary"/);
});

t.test('column names follow DataCatalog for every built-in field; every type renders', async (t) => {
  const schema = lakeSchema(builtinLogTypes);
  let bad = 0;
  for (const table of schema.tables) {
    for (const c of table.columns) {
      if (c.name !== columnName(c.key) || c.name !== lakeColumnName(c.key)) bad++;
      duckDbType(c.readType);
      prestoType(c.type);
    }
  }
  t.equal(bad, 0);
  t.equal(schema.tables.length, builtinLogTypes.length * 3 + 1 + 2 + 2, 'per log type: logs, matches, errors; unclassified; the two scheduled tables; the two history tables');
  const history = schema.tables.filter((x) => x.name === 'compliance_history' || x.name === 'resource_history');
  t.same(history.map((x) => [x.area, x.name, x.logType]), [['logs', 'compliance_history', 'Compliance.History'], ['logs', 'resource_history', 'Resource.History']]);
  t.same(history.map((x) => x.columns.map((c) => c.key)), [COMPLIANCE_HISTORY_COLUMNS.map((c) => c.name), RESOURCE_HISTORY_COLUMNS.map((c) => c.name)], 'the declaration of cloud-security/history.ts');
  t.same(history[0]?.columns.slice(0, 2).map((c) => c.name), ['policyid', 'resourceid']);
  t.notOk(schema.views.find((v) => v.name === 'all_logs')?.sql.includes('history'), 'all_logs is over log types only');
  t.same(lakeDatabaseNames('acme-sec'), { logs: 'acme_sec_logs', ruleMatches: 'acme_sec_rule_matches', ruleErrors: 'acme_sec_rule_errors', views: 'acme_sec_views' });
});

t.test('values: ISO timestamps, exact integers', async (t) => {
  t.equal(isoTimestamp('2023-07-19 21:44:40'), '2023-07-19T21:44:40.000Z');
  t.equal(isoTimestamp('2023-07-19 21:44:40.5'), '2023-07-19T21:44:40.500Z');
  t.equal(isoTimestamp('2023-07-19 21:44:40.123456789'), '2023-07-19T21:44:40.123456Z');
  t.equal(isoTimestamp('2023-07-19 21:44:40.123000'), '2023-07-19T21:44:40.123Z');
  t.equal(isoTimestamp('2023-07-19 21:44:40.000 UTC'), '2023-07-19T21:44:40.000Z');
  t.equal(isoTimestamp('infinity'), 'infinity');
  t.equal(safeInteger(42n), 42);
  t.equal(safeInteger('-9007199254740991'), -9007199254740991);
  t.equal(safeInteger('9007199254740993'), '9007199254740993');
});

t.test('text formats', async (t) => {
  const r = { columns: [{ name: 'a', type: 'VARCHAR' }, { name: 'b', type: 'VARCHAR[]' }], rows: [{ a: 'x\ny', b: ['1', '2'] }, { a: null, b: null }], truncated: false, stats: { elapsedMs: 1500 } };
  t.equal(formatTable(r), 'a         b\n--------  ---------\nx\\u000ay  ["1","2"]\nNULL      NULL\n2 row(s) in 1.50 s\n');
  t.equal(formatCsv(r), 'a,b\r\n"x\ny","[""1"",""2""]"\r\n,\r\n');
  const long = formatTable({ ...r, rows: [{ a: 'z'.repeat(200), b: [] }] });
  t.match(long, new RegExp(`\\n${'z'.repeat(79)}…  \\[\\]\\n`));
});
