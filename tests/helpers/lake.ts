// Reading back what the processor wrote to a local lake.
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DirObjectStore } from '../../adapters/local/dir-object-store.js';

export function tempLake(): DirObjectStore {
  return new DirObjectStore(mkdtempSync(join(tmpdir(), 'panther-lake-')));
}

export async function lakeKeys(lake: DirObjectStore, prefix = 'logs/'): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of lake.list(prefix)) keys.push(o.key);
  return keys;
}

/** Every JSON line under a prefix, in key order. */
export async function lakeRows(lake: DirObjectStore, prefix: string): Promise<Array<Record<string, unknown>>> {
  const rows: Array<Record<string, unknown>> = [];
  for (const key of await lakeKeys(lake, prefix)) {
    const text = gunzipSync(readFileSync(join(lake.root, ...key.split('/')))).toString('utf8');
    for (const line of text.split('\n')) if (line !== '') rows.push(JSON.parse(line) as Record<string, unknown>);
  }
  return rows;
}

export async function* chunks(...parts: Array<Buffer | string>): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield typeof p === 'string' ? Buffer.from(p) : p;
}
