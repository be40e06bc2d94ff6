// LakeViews synthesized in isolation: the rule matches/errors databases and tables, and the
// views as Glue VIRTUAL_VIEW tables carrying the SQL the local DuckDB engine runs.
import t from 'tap';
import { TerraformStack, Testing } from 'cdktf';
import { glueColumns } from '../../parsers/core/glue.js';
import type { LogType } from '../../parsers/core/logtype.js';
import { builtinLogTypes } from '../../parsers/registry.js';
import { lakeDatabaseNames, lakeSchema } from '../../query/lake-schema.js';
import { columnName } from '../../stacks/data-catalog.js';
import { LakeViews } from '../../stacks/lake-views.js';
import { checkReferences } from '../helpers/synth-checks.js';
import { TestHyphen as Hyphen, TestJson } from '../helpers/logtypes.js';

type Json = Record<string, any>;

function synth(logTypes: readonly LogType[] = [TestJson, Hyphen]): Json {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new LakeViews(stack, 'lake-views', { prefix: 'acme-sec', lakeBucket: 'acme-lake', logTypes });
  return JSON.parse(Testing.synth(stack)) as Json;
}

const s = synth();
const tables = Object.values(s.resource.aws_glue_catalog_table as Json) as Json[];
const dbRef = (id: string): string => `\${aws_glue_catalog_database.${id}.name}`;
const dbIds = Object.fromEntries(Object.entries(s.resource.aws_glue_catalog_database as Json).map(([id, d]) => [(d as Json).name as string, id]));

t.test('three databases named from the prefix', async (t) => {
  t.same(Object.keys(dbIds).sort(), ['acme_sec_rule_errors', 'acme_sec_rule_matches', 'acme_sec_views']);
  t.same(checkReferences(s), []);
});

t.test('rule match and rule error tables: the log type columns plus the rule fields, over rules/ and rule_errors/', async (t) => {
  const matches = tables.filter((x) => x.database_name === dbRef(dbIds.acme_sec_rule_matches as string));
  const errors = tables.filter((x) => x.database_name === dbRef(dbIds.acme_sec_rule_errors as string));
  t.same(matches.map((x) => x.name).sort(), ['scheduled', 'test_hyphen', 'test_json']);
  t.same(errors.map((x) => x.name).sort(), ['scheduled', 'test_hyphen', 'test_json']);
  const m = matches.find((x) => x.name === 'test_hyphen') as Json;
  // Same column naming as DataCatalog's logs tables (stacks/data-catalog.ts columnName).
  const logCols = glueColumns(Hyphen).map((c) => `${columnName(c.name)}:${c.type}`);
  t.same(
    m.storage_descriptor.columns.map((c: Json) => `${c.name}:${c.type}`),
    [
      ...logCols,
      'p_rule_id:string',
      'p_alert_id:string',
      'p_alert_context:string',
      'p_rule_severity:string',
      'p_rule_title:string',
      'p_dedup:string',
      'p_dedup_period_mins:int',
      'p_rule_tags:array<string>',
      'p_rule_reports:map<string,array<string>>',
    ],
  );
  t.equal(m.storage_descriptor.location, 's3://acme-lake/rules/test_hyphen');
  t.equal(m.parameters['storage.location.template'], 's3://acme-lake/rules/test_hyphen/year=$${year}/month=$${month}/day=$${day}/hour=$${hour}');
  t.equal(m.parameters['projection.enabled'], 'true');
  t.same(m.partition_keys, [
    { name: 'year', type: 'int' },
    { name: 'month', type: 'int' },
    { name: 'day', type: 'int' },
    { name: 'hour', type: 'int' },
  ]);
  t.equal(m.storage_descriptor.ser_de_info.serialization_library, 'org.openx.data.jsonserde.JsonSerDe');
  t.equal(m.storage_descriptor.ser_de_info.parameters['mapping.detail_type'], 'detail-type', 'the SerDe maps renamed columns back to the JSON keys');
  const e = errors.find((x) => x.name === 'test_json') as Json;
  t.equal(e.storage_descriptor.location, 's3://acme-lake/rule_errors/test_json');
  t.same(e.storage_descriptor.columns.slice(-5).map((c: Json) => c.name), ['p_rule_id', 'p_rule_error', 'p_rule_severity', 'p_rule_title', 'p_rule_tags']);
});

t.test('the scheduled tables: standard fields, the query name and row as JSON, the rule fields; in the all_rule_* views', async (t) => {
  const matches = tables.find((x) => x.name === 'scheduled' && x.database_name === dbRef(dbIds.acme_sec_rule_matches as string)) as Json;
  const errors = tables.find((x) => x.name === 'scheduled' && x.database_name === dbRef(dbIds.acme_sec_rule_errors as string)) as Json;
  t.equal(matches.storage_descriptor.location, 's3://acme-lake/rules/scheduled');
  t.equal(errors.storage_descriptor.location, 's3://acme-lake/rule_errors/scheduled');
  const names = matches.storage_descriptor.columns.map((c: Json) => `${c.name}:${c.type}`) as string[];
  t.same(names.slice(0, 2), ['p_log_type:string', 'p_row_id:string']);
  t.ok(names.includes('p_event_time:timestamp'));
  t.same(names.slice(names.indexOf('p_query_name:string'), names.indexOf('p_query_name:string') + 3), ['p_query_name:string', 'p_query_row:string', 'p_rule_id:string']);
  t.equal(names.at(-1), 'p_rule_reports:map<string,array<string>>');
  t.same(errors.storage_descriptor.columns.slice(-6).map((c: Json) => c.name), ['p_query_row', 'p_rule_id', 'p_rule_error', 'p_rule_severity', 'p_rule_title', 'p_rule_tags']);
  for (const view of ['all_rule_matches', 'all_rule_errors']) {
    const v = tables.find((x) => x.name === view) as Json;
    const text = String(v.view_original_text);
    const def = JSON.parse(Buffer.from(text.slice(text.indexOf(':') + 2, text.lastIndexOf(' */')), 'base64').toString('utf8')) as Json;
    t.match(def.originalSql, /FROM "acme_sec_rule_(matches|errors)"\."scheduled"$/, `${view} reads the scheduled table last`);
  }
  const logs = tables.find((x) => x.name === 'all_logs') as Json;
  const logsText = String(logs.view_original_text);
  t.notMatch(Buffer.from(logsText.slice(logsText.indexOf(':') + 2, logsText.lastIndexOf(' */')), 'base64').toString('utf8'), /scheduled/);
});

t.test('views: VIRTUAL_VIEW with the Presto encoding of the SQL DuckDB runs', async (t) => {
  const views = tables.filter((x) => x.database_name === dbRef(dbIds.acme_sec_views as string));
  t.same(views.map((x) => x.name).sort(), ['all_logs', 'all_rule_errors', 'all_rule_matches']);
  const schema = lakeSchema([TestJson, Hyphen], lakeDatabaseNames('acme-sec'));
  for (const v of views) {
    t.equal(v.table_type, 'VIRTUAL_VIEW');
    t.same(v.parameters, { presto_view: 'true', comment: 'Presto View' });
    t.equal(v.view_expanded_text, '/* Presto View */');
    const m = /^\/\* Presto View: ([A-Za-z0-9+/=]+) \*\/$/.exec(v.view_original_text as string);
    t.ok(m, `${v.name}: Presto view comment`);
    const def = JSON.parse(Buffer.from(m?.[1] ?? '', 'base64').toString('utf8')) as Json;
    const want = schema.views.find((x) => x.name === v.name);
    t.equal(def.originalSql, want?.sql, `${v.name}: the same SQL as lakeSchema`);
    t.equal(def.catalog, 'awsdatacatalog');
    t.equal(def.schema, 'acme_sec_views');
    t.same(def.columns.map((c: Json) => c.name), v.storage_descriptor.columns.map((c: Json) => c.name), 'Presto and Glue columns agree');
  }
  const all = views.find((x) => x.name === 'all_logs') as Json;
  const def = JSON.parse(Buffer.from(/Presto View: (\S+) /.exec(all.view_original_text)?.[1] ?? '', 'base64').toString('utf8')) as Json;
  t.equal(
    def.originalSql,
    [
      'SELECT "p_log_type", "p_row_id", "p_event_time", "p_parse_time", "p_source_id", "p_source_label", "p_any_ip_addresses", "p_any_domain_names", "p_any_md5_hashes", "p_any_sha1_hashes", "p_any_sha256_hashes", "p_any_trace_ids", "p_any_aws_account_ids", "p_any_aws_instance_ids", "p_any_aws_arns", "p_any_aws_tags", "p_any_emails", "p_any_usernames", "year", "month", "day", "hour" FROM "acme_sec_logs"."test_hyphen"',
      'UNION ALL',
      'SELECT "p_log_type", "p_row_id", "p_event_time", "p_parse_time", "p_source_id", "p_source_label", "p_any_ip_addresses", "p_any_domain_names", "p_any_md5_hashes", "p_any_sha1_hashes", "p_any_sha256_hashes", "p_any_trace_ids", "p_any_aws_account_ids", "p_any_aws_instance_ids", "p_any_aws_arns", "p_any_aws_tags", "p_any_emails", "p_any_usernames", "year", "month", "day", "hour" FROM "acme_sec_logs"."test_json"',
    ].join('\n'),
  );
  t.same(
    def.columns.slice(0, 3).concat(def.columns.slice(-4)),
    [
      { name: 'p_log_type', type: 'varchar' },
      { name: 'p_row_id', type: 'varchar' },
      { name: 'p_event_time', type: 'timestamp' },
      { name: 'year', type: 'integer' },
      { name: 'month', type: 'integer' },
      { name: 'day', type: 'integer' },
      { name: 'hour', type: 'integer' },
    ],
  );
  t.same(def.columns.find((c: Json) => c.name === 'p_any_ip_addresses'), { name: 'p_any_ip_addresses', type: 'array(varchar)' });
});

t.test('every built-in log type synthesizes (names the same as DataCatalog\'s)', async (t) => {
  const big = synth(builtinLogTypes);
  const all = Object.values(big.resource.aws_glue_catalog_table as Json) as Json[];
  t.equal(all.length, builtinLogTypes.length * 2 + 2 + 3, 'a table per log type and area, the two scheduled tables, three views');
  const matchesDb = Object.entries(big.resource.aws_glue_catalog_database as Json).find(([, d]) => (d as Json).name === 'acme_sec_rule_matches')?.[0];
  let differ = 0;
  for (const lt of builtinLogTypes) {
    const want = glueColumns(lt).map((c) => columnName(c.name));
    const table = all.find((x) => x.name === lt.table && x.database_name === dbRef(matchesDb as string));
    const got = ((table?.storage_descriptor.columns ?? []) as Json[]).map((c) => c.name as string);
    if (want.join() !== got.slice(0, want.length).join()) {
      differ++;
      t.fail(`${lt.name}: columns differ from DataCatalog's`);
    }
  }
  t.equal(differ, 0);
  t.same(checkReferences(big), []);
});
