import t from 'tap';
import { join } from 'node:path';
import { DirDocumentStore } from '../../../adapters/local/dir-document-store.js';
import { DETECTION_OVERRIDES_COLLECTION } from '../../../detections/analysis/overrides.js';
import { documentsDir, loadLocalAnalysis } from '../../../detections/pipeline/local.js';

const rule = (id: string, severity: string, file: string) => `AnalysisType: rule
RuleID: ${id}
Filename: ${file}
Enabled: true
Severity: ${severity}
LogTypes:
  - AWS.CloudTrail
`;
const body = 'export function rule(): boolean {\n  return false;\n}\n';

t.test('layers: pack, then console-saved detections, then --detections; overrides last', async (t) => {
  const root = t.testdir({
    extra: { 'mine.yml': rule('Acme.Mine', 'High', 'mine.ts'), 'mine.ts': body },
    lake: { detections: {
      'modified.yml': rule('AWS.CloudTrail.Modified', 'Critical', 'modified.ts'),
      'modified.ts': body,
      'mine.yml': rule('Acme.Mine', 'Low', 'mine.ts'),
      'mine.ts': body,
      'broken.yml': 'AnalysisType: rule\nRuleID: Acme.Broken\n',
    } },
  });
  const lakeDir = join(root, 'lake');
  const extra = join(root, 'extra');
  await new DirDocumentStore(documentsDir(lakeDir)).collection(DETECTION_OVERRIDES_COLLECTION).put('AWS.CloudTrail.Stopped', { id: 'AWS.CloudTrail.Stopped', enabled: false });

  const { items, errors } = await loadLocalAnalysis({ lakeDir, detectionsDir: extra });
  const byId = new Map(items.map((i) => [i.id, i]));
  t.equal((byId.get('AWS.CloudTrail.Modified')?.spec as { Severity: string }).Severity.toUpperCase(), 'CRITICAL', 'the console-saved copy replaces the built-in');
  t.equal((byId.get('Acme.Mine')?.spec as { Severity: string }).Severity.toUpperCase(), 'HIGH', '--detections replaces the console-saved copy');
  t.equal((byId.get('AWS.CloudTrail.Stopped')?.spec as { Enabled: boolean }).Enabled, false, 'a built-in disabled in the console does not run');
  t.equal(items.filter((i) => i.id === 'AWS.CloudTrail.Modified').length, 1);
  t.same(errors, ['Filename', 'Severity', 'LogTypes'].map((k) => `${join(lakeDir, 'detections')}/broken.yml:1: ${k}: required key is missing`), 'errors name the file and the key');
});

t.test('a lake without console detections loads the pack; a mistyped --detections is an error', async (t) => {
  const lakeDir = t.testdir({});
  const { items, errors } = await loadLocalAnalysis({ lakeDir });
  t.ok(items.length >= 50);
  t.same(errors, []);
  await t.rejects(loadLocalAnalysis({ lakeDir, detectionsDir: join(lakeDir, 'nope') }), /--detections .*nope: not a directory/);
});
