import t from 'tap';
import { S3Client } from '@aws-sdk/client-s3';
import { depsFromEnv } from '../../../functions/log-processor/config.js';

t.test('a source role is assumed with its external id, one client per role and id', async (t) => {
  const made: Array<[string | undefined, string | undefined]> = [];
  const deps = await depsFromEnv(
    {
      LAKE_BUCKET: 'lake',
      SOURCES: JSON.stringify([{ id: 'trail', label: 'Trail', bucket: 'org-trail', roleArn: 'arn:aws:iam::111111111111:role/PantherLogSource', externalId: 'panther-7f3a', prefixes: [{ prefix: '', logTypes: ['AWS.CloudTrail'] }] }]),
    },
    (roleArn, externalId) => {
      made.push([roleArn, externalId]);
      return new S3Client({ region: 'us-east-1' });
    },
  );
  t.same(made, [[undefined, undefined]], 'the lake is written with the function\'s own role');
  const a = deps.sourceStore('org-trail', 'arn:aws:iam::111111111111:role/PantherLogSource', 'panther-7f3a');
  const b = deps.sourceStore('org-trail', 'arn:aws:iam::111111111111:role/PantherLogSource', 'panther-7f3a');
  t.equal(a, b, 'cached');
  deps.sourceStore('org-trail', 'arn:aws:iam::111111111111:role/PantherLogSource', 'other');
  t.same(made.slice(1), [
    ['arn:aws:iam::111111111111:role/PantherLogSource', 'panther-7f3a'],
    ['arn:aws:iam::111111111111:role/PantherLogSource', 'other'],
  ]);
  t.equal((await deps.sources())[0]?.externalId, 'panther-7f3a');
  t.equal(deps.sourceStats, undefined, 'no DOCUMENTS_TABLE: no statistics');
});

t.test('a missing lake bucket is an error', async (t) => {
  await t.rejects(depsFromEnv({}), /LAKE_BUCKET is not set/);
});
