import t from 'tap';
import { matchSource, parseSources } from '../../processing/sources.js';
import { TestJson, TestText } from '../helpers/logtypes.js';

const resolve = (names: string[]) =>
  names.map((n) => {
    const lt = [TestJson, TestText].find((l) => l.name === n);
    if (lt === undefined) throw new Error(`unknown log type "${n}"`);
    return lt;
  });

const json = JSON.stringify([
  { id: 's1', label: 'cloudtrail', bucket: 'bkt1', prefixes: [{ prefix: '', logTypes: ['Test.Json'] }, { prefix: 'text/', logTypes: ['Test.Text'] }] },
  { id: 's2', label: 'other', bucket: 'bkt2', roleArn: 'arn:aws:iam::123456789012:role/reader', externalId: 'panther-7f3a', prefixes: [{ prefix: 'x/', logTypes: ['Test.Json', 'Test.Text'] }] },
]);

t.test('the longest matching prefix of the object bucket wins', async (t) => {
  const sources = parseSources(json, resolve);
  t.same(matchSource(sources, 'bkt1', 'text/a.log', resolve)?.logTypes.map((l) => l.name), ['Test.Text']);
  t.same(matchSource(sources, 'bkt1', 'other/a.log', resolve)?.source, { sourceId: 's1', sourceLabel: 'cloudtrail' });
  t.equal(matchSource(sources, 'bkt2', 'x/1', resolve)?.roleArn, 'arn:aws:iam::123456789012:role/reader');
  t.equal(matchSource(sources, 'bkt2', 'x/1', resolve)?.externalId, 'panther-7f3a');
  t.equal(matchSource(sources, 'bkt1', 'x/1', resolve)?.externalId, undefined);
  t.equal(matchSource(sources, 'bkt2', 'y/1', resolve), undefined);
  t.equal(matchSource(sources, 'bkt3', 'x/1', resolve), undefined);
});

t.test('bad configuration names the entry', async (t) => {
  t.throws(() => parseSources('{', resolve), /not JSON/);
  t.throws(() => parseSources('[{"id":"a","label":"b","bucket":"bkt","externalId":"xyz","prefixes":[{"prefix":"","logTypes":["Test.Json"]}]}]', resolve), /0\.externalId: externalId needs a roleArn/);
  t.throws(() => parseSources('[{"id":"a","label":"b","bucket":"bkt","prefixes":[]}]', resolve), /0\.prefixes/);
  t.throws(() => parseSources('[{"id":"a","label":"b","bucket":"bkt","prefixes":[{"prefix":"","logTypes":["Nope.Nope"]}]}]', resolve), /0\.prefixes\.0\.logTypes: unknown log type "Nope.Nope"/);
  t.throws(() => parseSources('[{"id":"a","label":"b","bucket":"bkt","extra":1,"prefixes":[{"prefix":"","logTypes":["Test.Json"]}]}]', resolve), /extra/i);
});
