import t from 'tap';
import { Testing } from 'cdktf';
import { HISTORY_TABLES } from '../../cloud-security/history.js';
import { glueColumns } from '../../parsers/core/glue.js';
import { lakeSchema } from '../../query/lake-schema.js';
import { resolveLogTypes } from '../../parsers/registry.js';
import { parseConfig } from '../../stacks/config.js';
import { RootStack } from '../../stacks/root-stack.js';
import { parseSchema } from '../../parsers/custom/load.js';
import { TestHyphen as Hyphen, TestJson } from '../helpers/logtypes.js';

const acme = parseConfig({ prefix: 'acme', region: 'eu-west-1' }, resolveLogTypes);

interface GlueTable {
  name: string;
  database_name: string;
  parameters: Record<string, string>;
  partition_keys: Array<{ name: string; type: string }>;
  storage_descriptor: { location?: string; columns: Array<{ name: string; type: string }>; ser_de_info: { serialization_library: string; parameters: Record<string, string> } };
}

t.test('one Glue table per log type, columns from the declaration', async (t) => {
  const app = Testing.app();
  const stack = new RootStack(app, 'test', { config: acme, logTypes: [TestJson, Hyphen] });
  const synth = JSON.parse(Testing.synth(stack)) as { resource: { aws_glue_catalog_table: Record<string, GlueTable>; aws_glue_catalog_database: Record<string, { name: string }> } };
  const dbs = Object.values(synth.resource.aws_glue_catalog_database);
  t.ok(dbs.some((d) => d.name === 'acme_logs'));
  // DataCatalog's tables: those under logs/ (LakeViews adds the rule tables and views in other databases).
  const tables = Object.values(synth.resource.aws_glue_catalog_table).filter((x) => x.storage_descriptor.location?.includes('}/logs/') === true);
  t.same(tables.map((x) => x.name).sort(), ['compliance_history', 'resource_history', 'test_hyphen', 'test_json', 'unclassified']);
  // The history tables: the declaration of cloud-security/history.ts, as the DuckDB engine's lake schema has it.
  const schema = lakeSchema([TestJson, Hyphen]);
  for (const h of HISTORY_TABLES) {
    const g = tables.find((x) => x.name === h.table) as GlueTable;
    const duck = schema.tables.find((x) => x.area === 'logs' && x.name === h.table);
    t.same(g.storage_descriptor.columns.map((c) => [c.name, c.type]), duck?.columns.map((c) => [c.name, c.glueType]), h.table);
    t.equal(g.storage_descriptor.location, `s3://\${aws_s3_bucket.storage_lake_bucket_78128BEF.bucket}/logs/${h.table}`);
    t.equal(g.storage_descriptor.ser_de_info.parameters['case.insensitive'], 'true', 'the lowercase columns read the camelCase keys');
  }
  t.same(
    (tables.find((x) => x.name === 'compliance_history') as GlueTable).storage_descriptor.columns.slice(0, 3).map((c) => c.name),
    ['policyid', 'resourceid', 'resourcetype'],
  );
  const junk = tables.find((x) => x.name === 'unclassified') as GlueTable;
  t.same(junk.storage_descriptor.columns.slice(0, 5).map((c) => [c.name, c.type]), [
    ['raw', 'string'],
    ['raw_base64', 'string'],
    ['reasons', 'array<struct<logtype:string,reason:string>>'],
    ['object_key', 'string'],
    ['line_number', 'bigint'],
  ]);
  t.equal(junk.storage_descriptor.location, 's3://${aws_s3_bucket.storage_lake_bucket_78128BEF.bucket}/logs/unclassified');
  t.equal(junk.parameters['projection.enabled'], 'true');
  const json = tables.find((x) => x.name === 'test_json') as GlueTable;
  t.same(json.storage_descriptor.columns.map((c) => [c.name, c.type]), glueColumns(TestJson).map((c) => [c.name, c.type]));
  t.same(json.storage_descriptor.columns.slice(0, 5).map((c) => c.type), ['timestamp', 'string', 'string', 'int', 'array<string>']);
  // The lake is Storage's bucket, whose name Terraform knows once the account id is read.
  const lake = '${aws_s3_bucket.storage_lake_bucket_78128BEF.bucket}';
  t.equal(json.storage_descriptor.location, `s3://${lake}/logs/test_json`);
  t.equal(json.parameters['storage.location.template'], `s3://${lake}/logs/test_json/year=$\${year}/month=$\${month}/day=$\${day}/hour=$\${hour}`, 'escaped for Terraform');
  t.equal(json.parameters['projection.enabled'], 'true');
  t.same(json.partition_keys.map((p) => p.name), ['year', 'month', 'day', 'hour']);
  const hyphen = tables.find((x) => x.name === 'test_hyphen') as GlueTable;
  t.same(hyphen.storage_descriptor.columns.slice(0, 3).map((c) => [c.name, c.type]), [
    ['detail_type', 'string'],
    ['detail', 'struct<`x-y`:string>'],
    ['at', 'timestamp'],
  ]);
  t.equal(hyphen.storage_descriptor.ser_de_info.parameters['mapping.detail_type'], 'detail-type', 'the SerDe maps the column back to the vendor key');
});

t.test('custom schemas get tables like built-in log types', async (t) => {
  const custom = parseSchema('schema: Custom.Thing\nfields:\n  - name: at\n    type: timestamp\n    isEventTime: true\n  - name: who\n    type: object\n    fields:\n      - name: ip\n        type: string\n', 'thing.yml');
  const app = Testing.app();
  const stack = new RootStack(app, 'custom', { config: acme, logTypes: [custom] });
  const synth = JSON.parse(Testing.synth(stack)) as { resource: { aws_glue_catalog_table: Record<string, GlueTable> } };
  const table = Object.values(synth.resource.aws_glue_catalog_table).find((x) => x.storage_descriptor.location?.endsWith('/logs/custom_thing') === true);
  t.equal(table?.name, 'custom_thing');
  t.same(table?.storage_descriptor.columns.slice(0, 2).map((c) => `${c.name}:${c.type}`), ['at:timestamp', 'who:struct<ip:string>']);
});

t.test('configuration errors name the key', async (t) => {
  t.throws(() => parseConfig({ prefix: 'Acme!' }, resolveLogTypes), /config\.prefix: /);
  t.throws(() => parseConfig({ region: 'mars' }, resolveLogTypes), /config\.region: not an AWS region name/);
  // The bucket names derive from the prefix, account and region: no longer a key.
  t.throws(() => parseConfig({ lakeBucket: 'acme-lake' }, resolveLogTypes), /config: unknown key\(s\) "lakeBucket"/);
  t.throws(() => new RootStack(Testing.app(), 'empty', { config: acme, logTypes: [] }), /no log types/);
});
