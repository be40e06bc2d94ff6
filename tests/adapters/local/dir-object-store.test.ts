import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempLake } from '../../helpers/lake.js';

t.test('uploads appear whole under their key, listing is sorted and prefix-filtered', async (t) => {
  const store = tempLake();
  const a = store.upload('logs/t/b.json.gz');
  a.stream.end('second');
  await a.done;
  const b = store.upload('logs/t/a.json.gz');
  b.stream.end('first');
  await b.done;
  const other = store.upload('rules/x.json.gz');
  other.stream.end('x');
  await other.done;
  const keys: string[] = [];
  for await (const o of store.list('logs/')) keys.push(o.key);
  t.same(keys, ['logs/t/a.json.gz', 'logs/t/b.json.gz']);
  t.equal(readFileSync(join(store.root, 'logs', 't', 'a.json.gz'), 'utf8'), 'first');
  const got = await store.get('logs/t/b.json.gz');
  t.equal(got.meta.size, 6);
  const replaced = store.upload('logs/t/b.json.gz');
  replaced.stream.end('2');
  await replaced.done;
  t.equal(readFileSync(join(store.root, 'logs', 't', 'b.json.gz'), 'utf8'), '2', 'an upload replaces the object whole');
  const none: string[] = [];
  for await (const o of store.list('nothing/here/')) none.push(o.key);
  t.same(none, []);
});

t.test('keys cannot escape the directory', async (t) => {
  const store = tempLake();
  t.throws(() => store.upload('../outside'), /invalid object key "\.\.\/outside"/);
  t.throws(() => store.upload('/abs'), /invalid object key/);
  t.throws(() => store.upload('a//b'), /invalid object key/);
});
