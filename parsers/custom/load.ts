// Loading custom schemas from YAML (1.2 semantics: `on`/`yes` stay strings) with errors that
// name the file, the line and the key.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { LogType } from '../core/logtype.js';
import { compileSchema, SchemaError } from './compile.js';
import { SchemaSpecSchema } from './spec.js';

export class SchemaLoadError extends Error {
  override name = 'SchemaLoadError';
}

/** "fields[2].type" from a zod/our path. */
function keyPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc === '' ? String(k) : `${acc}.${String(k)}`), '');
}

/** Parses one schema document; `file` is used in messages only. */
export function parseSchema(text: string, file: string): LogType {
  const lines = new LineCounter();
  const doc = parseDocument(text, { version: '1.2', schema: 'core', lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const pos = e?.linePos?.[0];
    throw new SchemaLoadError(`${file}${pos !== undefined ? `:${pos.line}` : ''}: invalid YAML: ${e?.message.split('\n')[0] ?? ''}`);
  }
  const where = (path: ReadonlyArray<PropertyKey>): string => {
    // The deepest node on the path that exists gives the line.
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as Array<string | number>, true);
      if (isNode(node) && node.range !== undefined && node.range !== null) return `:${lines.linePos(node.range[0]).line}`;
    }
    return '';
  };
  const parsed = SchemaSpecSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path ?? [];
    const unknown = issue?.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
    throw new SchemaLoadError(`${file}${where(path)}: ${keyPath(path) || '(document)'}: ${issue?.message ?? 'invalid'}${unknown}`);
  }
  try {
    return compileSchema(parsed.data);
  } catch (err) {
    if (!(err instanceof SchemaError)) throw err;
    const key = err.message.split(':')[0] ?? '';
    const path = key.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== '').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    throw new SchemaLoadError(`${file}${where(path)}: ${err.message}`);
  }
}

export async function loadSchemaFile(path: string): Promise<LogType> {
  return parseSchema(await readFile(path, 'utf8'), path);
}

/** Every *.yml / *.yaml in a directory (not recursive), sorted; names must be unique. */
export async function loadSchemaDir(dir: string): Promise<LogType[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch (err) {
    throw new SchemaLoadError(`${dir}: cannot read the schema directory: ${(err as Error).message}`);
  }
  const out: LogType[] = [];
  const seen = new Map<string, string>();
  for (const n of names) {
    const lt = await loadSchemaFile(join(dir, n));
    const other = seen.get(lt.name);
    if (other !== undefined) throw new SchemaLoadError(`${join(dir, n)}: schema ${lt.name} is already declared in ${other}`);
    seen.set(lt.name, join(dir, n));
    out.push(lt);
  }
  return out;
}
