// One parse of a Glue (Hive DDL) column type, rendered for each engine: DuckDB reads the lake
// files with it, and Athena view definitions (Presto encoding) declare their columns with it.
// Glue types are the single source (parsers/core/glue.ts derives them from the declarations).

export type HiveType =
  | { readonly kind: 'primitive'; readonly name: string }
  | { readonly kind: 'array'; readonly element: HiveType }
  | { readonly kind: 'map'; readonly key: HiveType; readonly value: HiveType }
  | { readonly kind: 'struct'; readonly fields: ReadonlyArray<{ readonly name: string; readonly type: HiveType }> };

/** Sticky: matches at lastIndex only, without slicing the text at each name. */
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

/** Parses `array<struct<a:string,`b-c`:int>>` and the like. */
export function parseHiveType(text: string): HiveType {
  let i = 0;
  const peek = (): string => text[i] ?? '';
  const expect = (c: string): void => {
    if (text[i] !== c) throw new Error(`Glue type "${text}": expected "${c}" at ${i}`);
    i++;
  };
  const ident = (): string => {
    if (peek() === '`') {
      i++;
      let out = '';
      for (;;) {
        if (i >= text.length) throw new Error(`Glue type "${text}": unterminated quoted name`);
        if (text[i] === '`') {
          if (text[i + 1] === '`') {
            out += '`';
            i += 2;
            continue;
          }
          i++;
          return out;
        }
        out += text[i++];
      }
    }
    NAME.lastIndex = i;
    const m = NAME.exec(text);
    if (m === null) throw new Error(`Glue type "${text}": expected a name at ${i}`);
    i += m[0].length;
    return m[0];
  };
  const type = (): HiveType => {
    const name = ident().toLowerCase();
    if (name === 'array') {
      expect('<');
      const element = type();
      expect('>');
      return { kind: 'array', element };
    }
    if (name === 'map') {
      expect('<');
      const key = type();
      expect(',');
      const value = type();
      expect('>');
      return { kind: 'map', key, value };
    }
    if (name === 'struct') {
      expect('<');
      const fields: Array<{ name: string; type: HiveType }> = [];
      while (peek() !== '>') {
        if (fields.length > 0) expect(',');
        const n = ident();
        expect(':');
        fields.push({ name: n, type: type() });
      }
      expect('>');
      return { kind: 'struct', fields };
    }
    return { kind: 'primitive', name };
  };
  const t = type();
  if (i !== text.length) throw new Error(`Glue type "${text}": trailing text at ${i}`);
  return t;
}

const DUCK_PRIMITIVES: Record<string, string> = {
  string: 'VARCHAR',
  varchar: 'VARCHAR',
  int: 'INTEGER',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  smallint: 'SMALLINT',
  tinyint: 'TINYINT',
  double: 'DOUBLE',
  float: 'FLOAT',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
  date: 'DATE',
};

const PRESTO_PRIMITIVES: Record<string, string> = { string: 'varchar', int: 'integer', float: 'real' };

/** A double-quoted SQL identifier (DuckDB and Trino). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The DuckDB type reading this Glue type from JSON. An empty struct holds its JSON text. */
export function duckDbType(t: HiveType): string {
  switch (t.kind) {
    case 'primitive': {
      const d = DUCK_PRIMITIVES[t.name];
      if (d === undefined) throw new Error(`no DuckDB type for Glue type "${t.name}"`);
      return d;
    }
    case 'array':
      return `${duckDbType(t.element)}[]`;
    case 'map':
      return `MAP(${duckDbType(t.key)}, ${duckDbType(t.value)})`;
    case 'struct':
      return t.fields.length === 0 ? 'VARCHAR' : `STRUCT(${t.fields.map((f) => `${quoteIdent(f.name)} ${duckDbType(f.type)}`).join(', ')})`;
  }
}

/** The Presto/Trino type name of a view column (the `columns` of a Presto view definition). */
export function prestoType(t: HiveType): string {
  switch (t.kind) {
    case 'primitive':
      return PRESTO_PRIMITIVES[t.name] ?? t.name;
    case 'array':
      return `array(${prestoType(t.element)})`;
    case 'map':
      return `map(${prestoType(t.key)},${prestoType(t.value)})`;
    case 'struct':
      return `row(${t.fields.map((f) => `${quoteIdent(f.name)} ${prestoType(f.type)}`).join(',')})`;
  }
}
