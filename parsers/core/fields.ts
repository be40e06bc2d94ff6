// The field language every log type is declared in. From one declaration come the
// TypeScript event type (TypeOf), validation (validate.ts), Glue columns (glue.ts) and docs.

export const INDICATORS = [
  'ip',
  'domain',
  'md5',
  'sha1',
  'sha256',
  'trace_id',
  'aws_account_id',
  'aws_instance_id',
  'aws_arn',
  'aws_tag',
  'email',
  'username',
  // Derived kinds: resolved to one of the above per value.
  'hostname', // an IP or a domain name
  'url', // the host of a URL, as IP or domain
] as const;
export type Indicator = (typeof INDICATORS)[number];

/** Timestamp encodings a vendor may use; every one is normalized on output. */
export type TimestampFormat = 'rfc3339' | 'unix' | 'unix_ms' | 'unix_us' | 'unix_ns' | ((raw: unknown) => string | null);

interface Base<R extends boolean> {
  readonly required: R;
  readonly description?: string;
  readonly indicators?: readonly Indicator[];
  /** Accept the value spelled as another scalar and convert it on output (see Options.coerce). */
  readonly coerce?: true;
}
export interface StringField<R extends boolean = boolean> extends Base<R> { readonly kind: 'string' }
export interface IntField<R extends boolean = boolean> extends Base<R> { readonly kind: 'int' | 'bigint' }
export interface FloatField<R extends boolean = boolean> extends Base<R> { readonly kind: 'float' }
export interface BooleanField<R extends boolean = boolean> extends Base<R> { readonly kind: 'boolean' }
export interface TimestampField<R extends boolean = boolean> extends Base<R> {
  readonly kind: 'timestamp';
  readonly format: TimestampFormat;
}
export interface JsonField<R extends boolean = boolean> extends Base<R> { readonly kind: 'json' }
export interface ObjectField<F extends Fields = Fields, R extends boolean = boolean> extends Base<R> {
  readonly kind: 'object';
  readonly fields: F;
}
export interface ArrayField<E extends Field = Field, R extends boolean = boolean> extends Base<R> {
  readonly kind: 'array';
  readonly element: E;
}
export interface MapField<V extends Field = Field, R extends boolean = boolean> extends Base<R> {
  readonly kind: 'map';
  readonly value: V;
}

export type Field =
  | StringField
  | IntField
  | FloatField
  | BooleanField
  | TimestampField
  | JsonField
  | ObjectField<Fields>
  | ArrayField<Field>
  | MapField<Field>;
export type Fields = { readonly [name: string]: Field };

export interface Options {
  readonly required?: boolean;
  readonly description?: string;
  readonly indicators?: readonly Indicator[];
  /**
   * For vendors that spell scalars loosely (osquery writes numbers as strings unless told not
   * to): numbers and booleans accept their string spelling ("42", "true"), strings accept
   * numbers and booleans; the value is converted to the declared type on output.
   */
  readonly coerce?: boolean;
}
type Req<O extends Options> = O['required'] extends true ? true : false;

function base<O extends Options>(o: O | undefined): Base<Req<O>> {
  return {
    required: (o?.required === true) as Req<O>,
    ...(o?.description !== undefined ? { description: o.description } : {}),
    ...(o?.indicators !== undefined ? { indicators: o.indicators } : {}),
    ...(o?.coerce === true ? { coerce: true as const } : {}),
  };
}

export const string = <const O extends Options = {}>(o?: O): StringField<Req<O>> => ({ kind: 'string', ...base(o) });
/** 32-bit integer (Glue `int`). */
export const int = <const O extends Options = {}>(o?: O): IntField<Req<O>> => ({ kind: 'int', ...base(o) });
/** 64-bit integer (Glue `bigint`); JSON numbers beyond 2^53 lose precision, as in every JS runtime. */
export const bigint = <const O extends Options = {}>(o?: O): IntField<Req<O>> => ({ kind: 'bigint', ...base(o) });
export const float = <const O extends Options = {}>(o?: O): FloatField<Req<O>> => ({ kind: 'float', ...base(o) });
export const boolean = <const O extends Options = {}>(o?: O): BooleanField<Req<O>> => ({ kind: 'boolean', ...base(o) });
export const json = <const O extends Options = {}>(o?: O): JsonField<Req<O>> => ({ kind: 'json', ...base(o) });
export const timestamp = <const O extends Options & { format?: TimestampFormat } = {}>(o?: O): TimestampField<Req<O>> => ({
  kind: 'timestamp',
  format: o?.format ?? 'rfc3339',
  ...base(o),
});
export const object = <const F extends Fields, const O extends Options = {}>(fields: F, o?: O): ObjectField<F, Req<O>> => ({
  kind: 'object',
  fields,
  ...base(o),
});
export const array = <const E extends Field, const O extends Options = {}>(element: E, o?: O): ArrayField<E, Req<O>> => ({
  kind: 'array',
  element,
  ...base(o),
});
export const map = <const V extends Field, const O extends Options = {}>(value: V, o?: O): MapField<V, Req<O>> => ({
  kind: 'map',
  value,
  ...base(o),
});

// ---- Types derived from declarations -------------------------------------------------

export type TypeOfField<F> = F extends StringField
  ? string
  : F extends IntField | FloatField
    ? number
    : F extends BooleanField
      ? boolean
      : F extends TimestampField
        ? string
        : F extends JsonField
          ? unknown
          : F extends ObjectField<infer Inner>
            ? TypeOfFields<Inner>
            : F extends ArrayField<infer E>
              ? Array<TypeOfField<E>>
              : F extends MapField<infer V>
                ? Record<string, TypeOfField<V>>
                : never;

type RequiredKeys<F extends Fields> = { [K in keyof F]: F[K]['required'] extends true ? K : never }[keyof F];
type OptionalKeys<F extends Fields> = Exclude<keyof F, RequiredKeys<F>>;
type Flatten<T> = { [K in keyof T]: T[K] } & {};

export type TypeOfFields<F extends Fields> = Flatten<
  { readonly [K in RequiredKeys<F>]: TypeOfField<F[K]> } & { readonly [K in OptionalKeys<F>]?: TypeOfField<F[K]> }
>;
