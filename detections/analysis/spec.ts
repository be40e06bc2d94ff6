// The analysis spec format of Panther's public analysis repository (panther-labs/panther-analysis),
// one zod schema per AnalysisType. Keys keep Panther's spelling so repositories load unchanged;
// unknown keys are errors (typos in optional keys must not pass silently).
import { z } from 'zod';
import { SEVERITIES, type DetectionSettings, type Severity } from '../types.js';
import { CronError, parseCron } from '../scheduled/cron.js';

export const ANALYSIS_TYPES = ['rule', 'scheduled_rule', 'scheduled_query', 'policy', 'global', 'datamodel', 'pack'] as const;
export type AnalysisType = (typeof ANALYSIS_TYPES)[number];

/** Panther types we recognise but do not run (saved queries, lookup tables...): skipped, not errors. */
export const FOREIGN_ANALYSIS_TYPES = ['saved_query', 'lookup_table', 'correlation_rule'] as const;

/** Panther's display spelling, used in messages. */
const SEVERITY_NAMES = ['Info', 'Low', 'Medium', 'High', 'Critical'] as const;

// Panther forbids these characters in IDs and display names (they end up in URLs and HTML).
const ID_RE = /^[^<>&"%]+$/;
const id = z.string().min(1, 'must not be empty').regex(ID_RE, 'must not contain <, >, &, " or %');
const displayName = z.string().regex(ID_RE, 'must not contain <, >, &, " or %');
const strings = z.array(z.string());

/** Case-insensitive in input ("high", "HIGH", "High"), normalized to the contract's upper case. */
export const SeveritySchema = z.string().transform((s, ctx): Severity => {
  const up = s.toUpperCase();
  if ((SEVERITIES as readonly string[]).includes(up)) return up as Severity;
  ctx.addIssue({ code: 'custom', message: `Invalid option: expected one of ${SEVERITY_NAMES.join('|')}, got ${JSON.stringify(s)}` });
  return z.NEVER;
});

const json = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.unknown()), z.record(z.string(), z.unknown())]);

export const MockSchema = z.strictObject({
  objectName: z.string().min(1, 'must not be empty'),
  // Panther's tool accepts a string (often JSON text) or a bool; other JSON values are kept as is
  // so that repositories written for later tool versions still load.
  returnValue: json,
});
export type Mock = z.output<typeof MockSchema>;

const event = z.record(z.string(), z.unknown());

export const RuleTestSchema = z.strictObject({
  Name: z.string().min(1, 'must not be empty'),
  ExpectedResult: z.boolean(),
  Log: event,
  /** Accepted for backwards compatibility; the rule's LogTypes decide. */
  LogType: z.string().optional(),
  Mocks: z.array(MockSchema).optional(),
});
export type RuleTest = z.output<typeof RuleTestSchema>;

export const PolicyTestSchema = z.strictObject({
  Name: z.string().min(1, 'must not be empty'),
  ExpectedResult: z.boolean(),
  Resource: event,
  ResourceType: z.string().optional(),
  Mocks: z.array(MockSchema).optional(),
});
export type PolicyTest = z.output<typeof PolicyTestSchema>;

/** Framework -> control ids; numbers (`CIS: [3.10]`) are read back as their source text by the loader. */
const reports = z.record(z.string(), z.array(z.union([z.string(), z.number()]).transform(String)));

// Keys shared by rules, scheduled rules and policies.
const detectionCommon = {
  Enabled: z.boolean().default(true),
  Filename: z.string().min(1, 'must not be empty'),
  DisplayName: displayName.optional(),
  Description: z.string().optional(),
  Severity: SeveritySchema,
  Tags: strings.optional(),
  Reports: reports.optional(),
  Reference: z.string().optional(),
  Runbook: z.string().optional(),
  OutputIds: strings.optional(),
  Status: z.string().optional(),
  CreateAlert: z.boolean().default(true),
  // Panther keys we load but do not interpret (kept so that real repositories load unchanged).
  OnlyUseBaseRiskScore: z.boolean().optional(),
};

const ruleCommon = {
  ...detectionCommon,
  RuleID: id,
  DedupPeriodMinutes: z.number().int('must be an integer').min(0, 'must be >= 0').default(60),
  Threshold: z.number().int('must be an integer').min(1, 'must be >= 1').default(1),
  SummaryAttributes: strings.optional(),
  Tests: z.array(RuleTestSchema).optional(),
  InlineFilters: z.unknown().optional(),
  DynamicSeverities: z.unknown().optional(),
  AlertTitle: z.string().optional(),
  AlertContext: z.unknown().optional(),
  GroupBy: z.unknown().optional(),
};

export const RuleSpecSchema = z.strictObject({
  AnalysisType: z.literal('rule'),
  ...ruleCommon,
  LogTypes: strings.min(1, 'must list at least one log type'),
});
export type RuleSpec = z.output<typeof RuleSpecSchema>;

export const ScheduledRuleSpecSchema = z.strictObject({
  AnalysisType: z.literal('scheduled_rule'),
  ...ruleCommon,
  ScheduledQueries: strings.min(1, 'must list at least one query'),
});
export type ScheduledRuleSpec = z.output<typeof ScheduledRuleSpecSchema>;

/**
 * When a scheduled query runs: exactly one of CronExpression (5-field classic or 6-field AWS form,
 * UTC) and RateMinutes, and the time the query may take. Panther's rules: RateMinutes > 1 and
 * >= TimeoutMinutes. `RateMinutes: 0` beside a CronExpression means "no rate" (Panther's console
 * writes that form).
 */
export const ScheduleSchema = z
  .strictObject({
    CronExpression: z.string().optional(),
    RateMinutes: z.number().int('must be an integer').optional(),
    TimeoutMinutes: z.number().int('must be an integer').min(1, 'must be >= 1'),
  })
  .superRefine((s, ctx) => {
    const rate = s.RateMinutes === 0 && s.CronExpression !== undefined ? undefined : s.RateMinutes;
    if ((s.CronExpression === undefined) === (rate === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a schedule needs exactly one of CronExpression or RateMinutes' });
      return;
    }
    if (rate !== undefined) {
      if (rate <= 1) ctx.addIssue({ code: 'custom', path: ['RateMinutes'], message: 'must be > 1' });
      else if (rate < s.TimeoutMinutes) ctx.addIssue({ code: 'custom', path: ['RateMinutes'], message: 'must be >= TimeoutMinutes' });
    }
    if (s.CronExpression !== undefined) {
      try {
        parseCron(s.CronExpression);
      } catch (err) {
        if (!(err instanceof CronError)) throw err;
        ctx.addIssue({ code: 'custom', path: ['CronExpression'], message: err.message });
      }
    }
  });
export type Schedule = z.output<typeof ScheduleSchema>;

/**
 * A SQL query run on a schedule; scheduled rules name it by QueryName in ScheduledQueries. Query is
 * what both our engines run; AthenaQuery is Athena's dialect (also run, DuckDB being close to it);
 * a SnowflakeQuery alone loads but cannot run here (a per-query failure at run time).
 */
export const ScheduledQuerySpecSchema = z
  .strictObject({
    AnalysisType: z.literal('scheduled_query'),
    QueryName: id,
    Enabled: z.boolean().default(true),
    Query: z.string().min(1, 'must not be empty').optional(),
    AthenaQuery: z.string().min(1, 'must not be empty').optional(),
    SnowflakeQuery: z.string().min(1, 'must not be empty').optional(),
    Schedule: ScheduleSchema,
    Description: z.string().optional(),
    Tags: strings.optional(),
    Lookback: z.boolean().optional(),
    LookbackWindowSeconds: z.number().int('must be an integer').min(0, 'must be >= 0').optional(),
  })
  .superRefine((q, ctx) => {
    if (q.Query === undefined && q.AthenaQuery === undefined && q.SnowflakeQuery === undefined) {
      ctx.addIssue({ code: 'custom', path: ['Query'], message: 'one of Query, AthenaQuery or SnowflakeQuery is required' });
    }
  });
export type ScheduledQuerySpec = z.output<typeof ScheduledQuerySpecSchema>;

/** The SQL our engines run for a scheduled query, or undefined (a Snowflake-only query). */
export function querySql(spec: ScheduledQuerySpec): string | undefined {
  return spec.Query ?? spec.AthenaQuery;
}

export const PolicySpecSchema = z.strictObject({
  AnalysisType: z.literal('policy'),
  ...detectionCommon,
  PolicyID: id,
  ResourceTypes: strings.optional(),
  Suppressions: strings.optional(),
  Tests: z.array(PolicyTestSchema).optional(),
  ActionDelaySeconds: z.number().int('must be an integer').optional(),
  AutoRemediationID: z.string().optional(),
  AutoRemediationParameters: z.unknown().optional(),
});
export type PolicySpec = z.output<typeof PolicySpecSchema>;

export const GlobalSpecSchema = z.strictObject({
  AnalysisType: z.literal('global'),
  GlobalID: id,
  Filename: z.string().min(1, 'must not be empty'),
  Description: z.string().optional(),
  Tags: strings.optional(),
});
export type GlobalSpec = z.output<typeof GlobalSpecSchema>;

export const MappingSchema = z
  .strictObject({ Name: z.string().min(1, 'must not be empty'), Path: z.string().min(1, 'must not be empty').optional(), Method: z.string().min(1, 'must not be empty').optional() })
  .superRefine((m, ctx) => {
    if ((m.Path === undefined) === (m.Method === undefined)) ctx.addIssue({ code: 'custom', message: 'a mapping needs exactly one of Path or Method' });
  });
export type Mapping = z.output<typeof MappingSchema>;

export const DataModelSpecSchema = z
  .strictObject({
    AnalysisType: z.literal('datamodel'),
    DataModelID: id,
    DisplayName: displayName.optional(),
    Enabled: z.boolean().default(true),
    // Only needed when a mapping names a Method.
    Filename: z.string().min(1, 'must not be empty').optional(),
    LogTypes: strings.min(1, 'must list one log type').max(1, 'a data model applies to exactly one log type'),
    Mappings: z.array(MappingSchema),
    Description: z.string().optional(),
    Tags: strings.optional(),
  })
  .superRefine((d, ctx) => {
    if (d.Filename === undefined && d.Mappings.some((m) => m.Method !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['Filename'], message: 'required when a mapping names a Method' });
    }
  });
export type DataModelSpec = z.output<typeof DataModelSpecSchema>;

export const PackSpecSchema = z.strictObject({
  AnalysisType: z.literal('pack'),
  PackID: id,
  PackDefinition: z.strictObject({ IDs: strings }),
  DisplayName: displayName.optional(),
  Description: z.string().optional(),
  PackVersion: z.unknown().optional(),
});
export type PackSpec = z.output<typeof PackSpecSchema>;

export const SPEC_SCHEMAS = {
  rule: RuleSpecSchema,
  scheduled_rule: ScheduledRuleSpecSchema,
  scheduled_query: ScheduledQuerySpecSchema,
  policy: PolicySpecSchema,
  global: GlobalSpecSchema,
  datamodel: DataModelSpecSchema,
  pack: PackSpecSchema,
} as const;

/** The key naming a spec's ID, per type. */
export const ID_KEYS = { rule: 'RuleID', scheduled_rule: 'RuleID', scheduled_query: 'QueryName', policy: 'PolicyID', global: 'GlobalID', datamodel: 'DataModelID', pack: 'PackID' } as const satisfies Record<AnalysisType, string>;

export type BodyLanguage = 'python' | 'typescript';

/** The code file a spec names in Filename. */
export interface BodyFile {
  /** Relative to the loaded directory, `/`-separated. */
  readonly file: string;
  /** Absolute path. */
  readonly path: string;
  readonly language: BodyLanguage;
  readonly source: string;
}

interface ItemBase {
  readonly id: string;
  /** The spec file, relative to the loaded directory, `/`-separated. */
  readonly file: string;
  /** Absolute path of the spec file. */
  readonly path: string;
}

export interface RuleItem extends ItemBase { readonly type: 'rule'; readonly spec: RuleSpec; readonly body: BodyFile }
export interface ScheduledRuleItem extends ItemBase { readonly type: 'scheduled_rule'; readonly spec: ScheduledRuleSpec; readonly body: BodyFile }
/** No body: the SQL is in the spec. */
export interface ScheduledQueryItem extends ItemBase { readonly type: 'scheduled_query'; readonly spec: ScheduledQuerySpec }
export interface PolicyItem extends ItemBase { readonly type: 'policy'; readonly spec: PolicySpec; readonly body: BodyFile }
export interface GlobalItem extends ItemBase { readonly type: 'global'; readonly spec: GlobalSpec; readonly body: BodyFile }
/** body is absent when no Filename is given (Path mappings only). */
export interface DataModelItem extends ItemBase { readonly type: 'datamodel'; readonly spec: DataModelSpec; readonly body?: BodyFile }
export interface PackItem extends ItemBase { readonly type: 'pack'; readonly spec: PackSpec }

export type DetectionItem = RuleItem | ScheduledRuleItem | PolicyItem;
export type AnalysisItem = DetectionItem | ScheduledQueryItem | GlobalItem | DataModelItem | PackItem;

/** The settings result normalization needs, from a detection's spec. Policies have no dedup/threshold: Panther's defaults. */
export function detectionSettings(item: DetectionItem): DetectionSettings {
  const s = item.spec;
  const rule = s.AnalysisType === 'policy' ? undefined : s;
  return {
    id: item.id,
    severity: s.Severity,
    dedupPeriodMinutes: rule?.DedupPeriodMinutes ?? 60,
    threshold: rule?.Threshold ?? 1,
    ...(s.DisplayName !== undefined ? { displayName: s.DisplayName } : {}),
    ...(s.Description !== undefined ? { description: s.Description } : {}),
    ...(s.Reference !== undefined ? { reference: s.Reference } : {}),
    ...(s.Runbook !== undefined ? { runbook: s.Runbook } : {}),
    ...(s.OutputIds !== undefined ? { outputIds: s.OutputIds } : {}),
    ...(rule?.SummaryAttributes !== undefined ? { summaryAttributes: rule.SummaryAttributes } : {}),
    ...(s.Tags !== undefined ? { tags: s.Tags } : {}),
    ...(s.Reports !== undefined ? { reports: s.Reports } : {}),
  };
}
