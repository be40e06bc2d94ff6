import { GlueCatalogDatabase } from '@cdktf/provider-aws/lib/glue-catalog-database/index.js';
import { GlueCatalogTable } from '@cdktf/provider-aws/lib/glue-catalog-table/index.js';
import { Construct } from 'constructs';
import { HISTORY_TABLES } from '../cloud-security/history.js';
import { glueColumns } from '../parsers/core/glue.js';
import type { LogType } from '../parsers/core/logtype.js';
import { UNCLASSIFIED_COLUMNS, UNCLASSIFIED_TABLE } from '../processing/keys.js';
import { hourlyJsonTable, type GlueTableColumn } from './glue-table.js';

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
      const columns = glueColumns(lt).map((c) => ({ ...c, name: columnName(c.name), key: c.name }));
      const seen = new Map<string, string>();
      for (const c of columns) {
        const clash = seen.get(c.name);
        if (clash !== undefined) throw new Error(`${lt.name}: fields "${clash}" and "${c.key}" both become Glue column "${c.name}"`);
        seen.set(c.name, c.key);
      }
      tables.set(lt.name, this.table(props.lakeBucket, first, lt.table, lt.description, columns));
    }
    this.tables = tables;
    this.unclassified = this.table(
      props.lakeBucket,
      first,
      UNCLASSIFIED_TABLE,
      'Lines no log type accepted, kept with the reasons each candidate gave: nothing read is dropped',
      UNCLASSIFIED_COLUMNS,
    );
    // Declared once in cloud-security/history.ts; the SerDe is case-insensitive, so the lowercase columns read the camelCase keys.
    this.history = new Map(HISTORY_TABLES.map((h) => [h.table, this.table(props.lakeBucket, first, h.table, h.description, h.columns.map((c) => ({ ...c, name: columnName(c.name), key: c.name })))]));
  }

  /** A JSON-lines table under logs/<name>/ (stacks/glue-table.ts). */
  private table(lakeBucket: string, first: number, name: string, description: string, columns: readonly GlueTableColumn[]): GlueCatalogTable {
    return hourlyJsonTable(this, name, { name, databaseName: this.database.name, description, location: `s3://${lakeBucket}/logs/${name}`, firstYear: first, columns });
  }
}
