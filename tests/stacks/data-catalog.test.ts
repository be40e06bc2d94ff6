import t from 'tap';
import { Testing } from 'cdktf';
import { glueColumns } from '../../parsers/core/glue.js';
import { RootStack, validateConfig } from '../../stacks/root-stack.js';
import { parseSchema } from '../../parsers/custom/load.js';
import { TestJson } from '../helpers/logtypes.js';
import { defineLogType } from '../../parsers/core/logtype.js';
import { object, string, timestamp } from '../../parsers/core/fields.js';

const Hyphen = defineLogType({
  name: 'Test.Hyphen',
  description: 'hyphenated keys',
  reference: 'tests',
  fields: { 'detail-type': string({ required: true }), Detail: object({ 'x-y': string() }), at: timestamp() },
  parser: { kind: 'json' },
});

interface GlueTable {
  name: string;
  database_name: string;
  parameters: Record<string, string>;
  partition_keys: Array<{ name: string; type: string }>;
  storage_descriptor: { location: string; columns: Array<{ name: string; type: string }>; ser_de_info: { serialization_library: string; parameters: Record<string, string> } };
}

t.test('one Glue table per log type, columns from the declaration', async (t) => {
  const app = Testing.app();
  const stack = new RootStack(app, 'test', { prefix: 'acme', region: 'eu-west-1', lakeBucket: 'acme-lake', logTypes: [TestJson, Hyphen] });
  const synth = JSON.parse(Testing.synth(stack)) as { resource: { aws_glue_catalog_table: Record<string, GlueTable>; aws_glue_catalog_database: Record<string, { name: string }> } };
  const dbs = Object.values(synth.resource.aws_glue_catalog_database);
  t.same(dbs.map((d) => d.name), ['acme_logs']);
  const tables = Object.values(synth.resource.aws_glue_catalog_table);
  t.same(tables.map((x) => x.name).sort(), ['test_hyphen', 'test_json']);
  const json = tables.find((x) => x.name === 'test_json') as GlueTable;
  t.same(json.storage_descriptor.columns.map((c) => [c.name, c.type]), glueColumns(TestJson).map((c) => [c.name, c.type]));
  t.same(json.storage_descriptor.columns.slice(0, 5).map((c) => c.type), ['timestamp', 'string', 'string', 'int', 'array<string>']);
  t.equal(json.storage_descriptor.location, 's3://acme-lake/logs/test_json');
  t.equal(json.parameters['storage.location.template'], 's3://acme-lake/logs/test_json/year=${year}/month=${month}/day=${day}/hour=${hour}');
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
  const stack = new RootStack(app, 'custom', { prefix: 'acme', region: 'eu-west-1', lakeBucket: 'acme-lake', logTypes: [custom] });
  const synth = JSON.parse(Testing.synth(stack)) as { resource: { aws_glue_catalog_table: Record<string, GlueTable> } };
  const [table] = Object.values(synth.resource.aws_glue_catalog_table);
  t.equal(table?.name, 'custom_thing');
  t.same(table?.storage_descriptor.columns.slice(0, 2).map((c) => `${c.name}:${c.type}`), ['at:timestamp', 'who:struct<ip:string>']);
});

t.test('configuration errors name the key', async (t) => {
  const good = { prefix: 'acme', region: 'eu-west-1', lakeBucket: 'acme-lake', logTypes: [TestJson] };
  t.throws(() => validateConfig({ ...good, prefix: 'Acme!' }), /config\.prefix "Acme!"/);
  t.throws(() => validateConfig({ ...good, region: 'mars' }), /config\.region "mars"/);
  t.throws(() => validateConfig({ ...good, lakeBucket: 'A' }), /config\.lakeBucket/);
  t.throws(() => validateConfig({ ...good, logTypes: [] }), /config\.logTypes is empty/);
});
