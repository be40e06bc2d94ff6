import { GlueCatalogDatabase } from '@cdktf/provider-aws/lib/glue-catalog-database/index.js';
import { GlueCatalogTable } from '@cdktf/provider-aws/lib/glue-catalog-table/index.js';
import { Construct } from 'constructs';
import type { LogType } from '../parsers/core/logtype.js';
import { prestoType } from '../query/hive-types.js';
import { AREA_PREFIX, lakeDatabaseNames, lakeSchema, type LakeTable, type LakeView } from '../query/lake-schema.js';
import { hourlyJsonTable } from './glue-table.js';

export interface LakeViewsProps {
  /** Name prefix of every resource, e.g. `panther`: databases `<prefix>_rule_matches` etc. */
  readonly prefix: string;
  /** The lake bucket the detections write `rules/<table>/...` and `rule_errors/<table>/...` into. */
  readonly lakeBucket: string;
  readonly logTypes: readonly LogType[];
  /** First year partition projection covers. */
  readonly firstYear?: number;
}

/** Athena's encoding of a view in Glue: the Presto definition, base64 JSON in a comment. */
export function prestoViewText(view: LakeView, catalogSchema: string): string {
  const definition = {
    originalSql: view.sql,
    catalog: 'awsdatacatalog',
    schema: catalogSchema,
    columns: view.columns.map((c) => ({ name: c.name, type: prestoType(c.type) })),
  };
  return `/* Presto View: ${Buffer.from(JSON.stringify(definition), 'utf8').toString('base64')} */`;
}

/**
 * The rule matches and rule errors databases (one table per log type over rules/ and
 * rule_errors/, columns from the declarations plus the rule fields, and the `scheduled` table of
 * scheduled rule output on query rows without a log type) and the views database
 * (all_logs, all_rule_matches, all_rule_errors) as Glue VIRTUAL_VIEW tables. The view SQL is the
 * one the local DuckDB engine runs (query/lake-schema.ts). The logs database is DataCatalog's.
 */
export class LakeViews extends Construct {
  readonly ruleMatches: GlueCatalogDatabase;
  readonly ruleErrors: GlueCatalogDatabase;
  readonly views: GlueCatalogDatabase;

  constructor(scope: Construct, id: string, props: LakeViewsProps) {
    super(scope, id);
    const dbs = lakeDatabaseNames(props.prefix);
    const schema = lakeSchema(props.logTypes, dbs);
    this.ruleMatches = new GlueCatalogDatabase(this, 'rule-matches', { name: dbs.ruleMatches, description: 'Events that matched a rule, one table per log type (plus scheduled, for query rows without one), with the rule fields' });
    this.ruleErrors = new GlueCatalogDatabase(this, 'rule-errors', { name: dbs.ruleErrors, description: 'Events a rule failed on, one table per log type (plus scheduled, for query rows without one), with the error' });
    this.views = new GlueCatalogDatabase(this, 'views', { name: dbs.views, description: 'Views across every log type: all_logs, all_rule_matches, all_rule_errors' });
    const first = props.firstYear ?? 2020;
    for (const t of schema.tables) {
      if (t.area === 'ruleMatches') this.table(this.ruleMatches, `matches-${t.name}`, t, props.lakeBucket, first);
      if (t.area === 'ruleErrors') this.table(this.ruleErrors, `errors-${t.name}`, t, props.lakeBucket, first);
    }
    for (const v of schema.views) {
      new GlueCatalogTable(this, `view-${v.name}`, {
        name: v.name,
        databaseName: this.views.name,
        description: v.description,
        tableType: 'VIRTUAL_VIEW',
        parameters: { presto_view: 'true', comment: 'Presto View' },
        viewOriginalText: prestoViewText(v, dbs.views),
        viewExpandedText: '/* Presto View */',
        storageDescriptor: { columns: v.columns.map((c) => ({ name: c.name, type: c.glueType, comment: c.comment })) },
      });
    }
  }

  /** A JSON-lines table under rules/ or rule_errors/, the same shape as DataCatalog's (stacks/glue-table.ts). */
  private table(db: GlueCatalogDatabase, id: string, t: LakeTable, lakeBucket: string, first: number): GlueCatalogTable {
    return hourlyJsonTable(this, id, {
      name: t.name,
      databaseName: db.name,
      description: t.description,
      location: `s3://${lakeBucket}/${AREA_PREFIX[t.area]}/${t.name}`,
      firstYear: first,
      columns: t.columns.map((c) => ({ name: c.name, type: c.glueType, comment: c.comment, key: c.key })),
    });
  }
}
