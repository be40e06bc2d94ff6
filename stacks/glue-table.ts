import { GlueCatalogTable } from '@cdktf/provider-aws/lib/glue-catalog-table/index.js';
import type { Construct } from 'constructs';
import { PARTITION_COLUMNS } from '../query/lake-schema.js';

export interface GlueTableColumn {
  /** The Glue column name (lowercase). */
  readonly name: string;
  readonly type: string;
  readonly comment: string;
  /** The JSON key the column reads, when the SerDe cannot find it by the name alone (case aside). */
  readonly key?: string;
}

export interface HourlyJsonTableProps {
  readonly name: string;
  readonly databaseName: string;
  readonly description: string;
  /** `s3://<bucket>/<area>/<table>`: the year=/month=/day=/hour= partitions lie below it. */
  readonly location: string;
  /** First year partition projection covers. */
  readonly firstYear: number;
  readonly columns: readonly GlueTableColumn[];
}

/**
 * A gzip JSON-lines table of the lake, partitioned by hour with partition projection (no crawler
 * or partition job), read by the case-insensitive JSON SerDe; the one shape of every lake table
 * (DataCatalog's logs/, LakeViews' rules/ and rule_errors/).
 */
export function hourlyJsonTable(scope: Construct, id: string, props: HourlyJsonTableProps): GlueCatalogTable {
  const { location } = props;
  // Glue names are lowercase identifiers: keys that differ by more than case are mapped back.
  const mappings: Record<string, string> = {};
  for (const c of props.columns) if (c.key !== undefined && c.name !== c.key.toLowerCase()) mappings[`mapping.${c.name}`] = c.key;
  return new GlueCatalogTable(scope, id, {
    name: props.name,
    databaseName: props.databaseName,
    description: props.description,
    tableType: 'EXTERNAL_TABLE',
    parameters: {
      classification: 'json',
      'projection.enabled': 'true',
      'projection.year.type': 'integer',
      'projection.year.range': `${props.firstYear},2100`,
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
    partitionKeys: PARTITION_COLUMNS.map((key) => ({ name: key, type: 'int' })),
    storageDescriptor: {
      location,
      inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
      outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      compressed: true,
      serDeInfo: {
        serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
        parameters: { 'ignore.malformed.json': 'true', 'case.insensitive': 'true', ...mappings },
      },
      columns: props.columns.map((c) => ({ name: c.name, type: c.type, comment: c.comment })),
    },
  });
}
