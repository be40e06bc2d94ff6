// The custom log schema language: YAML documents in the shape of Panther's custom schemas
// (panther_analysis_tool), validated with errors that name the key.
import { z } from 'zod';
import { INDICATORS } from '../core/fields.js';

export const FIELD_TYPES = ['string', 'int', 'bigint', 'float', 'boolean', 'timestamp', 'object', 'array', 'json'] as const;
export const TIME_FORMATS = ['rfc3339', 'unix', 'unix_ms', 'unix_us', 'unix_ns'] as const;

export interface FieldSpec {
  name: string;
  type: (typeof FIELD_TYPES)[number];
  description?: string | undefined;
  required?: boolean | undefined;
  indicators?: Array<(typeof INDICATORS)[number]> | undefined;
  isEventTime?: boolean | undefined;
  /** rfc3339, unix, unix_ms, unix_us, unix_ns, or a strftime format such as "%Y-%m-%d %H:%M:%S". */
  timeFormat?: string | undefined;
  timeFormats?: string[] | undefined;
  fields?: FieldSpec[] | undefined;
  element?: Omit<FieldSpec, 'name'> | undefined;
}

const base = {
  type: z.enum(FIELD_TYPES),
  description: z.string().optional(),
  required: z.boolean().optional(),
  indicators: z.array(z.enum(INDICATORS)).optional(),
  isEventTime: z.boolean().optional(),
  timeFormat: z.string().min(1).optional(),
  timeFormats: z.array(z.string().min(1)).min(1).optional(),
};

const FIELD_NAME = /^[A-Za-z_@][A-Za-z0-9_@.-]*$/;

export const FieldSpecSchema: z.ZodType<FieldSpec> = z.lazy(() =>
  z
    .object({
      name: z.string().regex(FIELD_NAME, 'letters, digits, _ @ . - (starting with a letter, _ or @)'),
      ...base,
      fields: z.array(FieldSpecSchema).min(1).optional(),
      element: ElementSpecSchema.optional(),
    })
    .strict(),
);

const ElementSpecSchema: z.ZodType<Omit<FieldSpec, 'name'>> = z.lazy(() =>
  z
    .object({
      ...base,
      fields: z.array(FieldSpecSchema).min(1).optional(),
      element: ElementSpecSchema.optional(),
    })
    .strict(),
);

const matchList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

export const ParserSpecSchema = z
  .object({
    json: z.object({}).strict().nullable().optional(),
    csv: z
      .object({
        delimiter: z.string().length(1).optional(),
        hasHeader: z.boolean().optional(),
        columns: z.array(z.string().min(1)).min(1).optional(),
        emptyValues: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
    regex: z.object({ match: matchList, emptyValues: z.array(z.string()).optional() }).strict().optional(),
    fastmatch: z.object({ match: matchList, emptyValues: z.array(z.string()).optional() }).strict().optional(),
  })
  .strict()
  .refine((p) => [p.json, p.csv, p.regex, p.fastmatch].filter((x) => x !== undefined).length === 1, 'name exactly one parser: json, csv, regex or fastmatch');

export const SchemaSpecSchema = z
  .object({
    schema: z.string().regex(/^Custom\.[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$/, 'custom log types are named Custom.<Name> (letters and digits, dot-separated)'),
    description: z.string().optional(),
    referenceURL: z.string().url().optional(),
    version: z.number().int().optional(),
    parser: ParserSpecSchema.optional(),
    fields: z.array(FieldSpecSchema).min(1),
  })
  .strict();

export type SchemaSpec = z.infer<typeof SchemaSpecSchema>;
export type ParserSpec = z.infer<typeof ParserSpecSchema>;
