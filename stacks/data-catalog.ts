import { GlueCatalogDatabase } from '@cdktf/provider-aws/lib/glue-catalog-database/index.js';
import { GlueCatalogTable } from '@cdktf/provider-aws/lib/glue-catalog-table/index.js';
import { Construct } from 'constructs';
import { HISTORY_TABLES } from '../cloud-security/history.js';
import { glueColumns } from '../parsers/core/glue.js';
import type { LogType } from '../parsers/core/logtype.js';
import { UNCLASSIFIED_COLUMNS, UNCLASSIFIED_TABLE } from '../processing/keys.js';

export interface DataCatalogProps {
  /** Name prefix of every resource, e.g. `panther`. */
  readonly prefix: string;
  /** The lake bucket the log processor writes `logs/<table>/...` into. */
  readonly lakeBucket: string;
  readonly logTypes: readonly LogType[];
  /** First year partition projection covers. */
  readonly firstYear?: number;
}

/** Glue column names are lowercase identifiers; the JSON SerDe maps them back to the vendor's keys. */
export function columnName(field: string): string {
  return field.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

/**
 * The Glue database of the lake and one table per log type, generated from the declarations,
 * with partition projection over year/month/day/hour so no crawler or partition job is needed.
 */
export class DataCatalog extends Construct {
  readonly database: GlueCatalogDatabase;
  readonly tables: ReadonlyMap<string, GlueCatalogTable>;
  /** The table of lines no log type accepted (logs/unclassified/). */
  readonly unclassified: GlueCatalogTable;
  /** The cloud security history tables (logs/compliance_history/, logs/resource_history/), by table name. */
  readonly history: ReadonlyMap<string, GlueCatalogTable>;

  constructor(scope: Construct, id: string, props: DataCatalogProps) {
    super(scope, id);
    const dbName = `${props.prefix.replace(/-/g, '_')}_logs`;
    this.database = new GlueCatalogDatabase(this, 'logs', { name: dbName, description: 'Normalized security logs, one table per log type' });
    const tables = new Map<string, GlueCatalogTable>();
    const first = props.firstYear ?? 2020;
    for (const lt of props.logTypes) {
      const columns = glueColumns(lt);
      const mappings: Record<string, string> = {};
      const seen = new Map<string, string>();
      for (const c of columns) {
        const name = columnName(c.name);
        const clash = seen.get(name);
        if (clash !== undefined) throw new Error(`${lt.name}: fields "${clash}" and "${c.name}" both become Glue column "${name}"`);
        seen.set(name, c.name);
        if (name !== c.name.toLowerCase()) mappings[`mapping.${name}`] = c.name;
      }
      tables.set(lt.name, this.table(props.lakeBucket, first, lt.table, lt.description, columns.map((c) => ({ ...c, name: columnName(c.name) })), mappings));
    }
    this.tables = tables;
    this.unclassified = this.table(
      props.lakeBucket,
      first,
      UNCLASSIFIED_TABLE,
      'Lines no log type accepted, kept with the reasons each candidate gave: nothing read is dropped',
      UNCLASSIFIED_COLUMNS,
      {},
    );
    // Declared once in cloud-security/history.ts; the SerDe is case-insensitive, so the lowercase columns read the camelCase keys.
    this.history = new Map(HISTORY_TABLES.map((h) => [h.table, this.table(props.lakeBucket, first, h.table, h.description, h.columns.map((c) => ({ ...c, name: columnName(c.name) })), {})]));
  }

  /** A JSON-lines table under logs/<name>/ partitioned by hour, with partition projection. */
  private table(lakeBucket: string, first: number, name: string, description: string, columns: ReadonlyArray<{ name: string; type: string; comment: string }>, mappings: Record<string, string>): GlueCatalogTable {
    const location = `s3://${lakeBucket}/logs/${name}`;
    return new GlueCatalogTable(this, name, {
      name,
      databaseName: this.database.name,
      description,
      tableType: 'EXTERNAL_TABLE',
      parameters: {
        classification: 'json',
        'projection.enabled': 'true',
        'projection.year.type': 'integer',
        'projection.year.range': `${first},2100`,
        'projection.month.type': 'integer',
        'projection.month.range': '1,12',
        'projection.month.digits': '2',
        'projection.day.type': 'integer',
        'projection.day.range': '1,31',
        'projection.day.digits': '2',
        'projection.hour.type': 'integer',
        'projection.hour.range': '0,23',
        'projection.hour.digits': '2',
        // $${...} is Terraform's escape: Athena, not Terraform, fills in the projected values.
        'storage.location.template': `${location}/year=$\${year}/month=$\${month}/day=$\${day}/hour=$\${hour}`,
      },
      partitionKeys: ['year', 'month', 'day', 'hour'].map((key) => ({ name: key, type: 'int' })),
      storageDescriptor: {
        location,
        inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
        outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
        compressed: true,
        serDeInfo: {
          serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
          parameters: { 'ignore.malformed.json': 'true', 'case.insensitive': 'true', ...mappings },
        },
        columns: columns.map((c) => ({ name: c.name, type: c.type, comment: c.comment })),
      },
    });
  }
}
