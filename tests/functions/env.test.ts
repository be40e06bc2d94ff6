// The functions' environment readers: what is missing or malformed is named.
import t from 'tap';
import { intVar, optionalPositiveInt, requiredVar } from '../../functions/env.js';

t.test('requiredVar names the missing variable; an empty value is missing', async (t) => {
  t.equal(requiredVar({ LAKE_BUCKET: 'lake' }, 'LAKE_BUCKET'), 'lake');
  t.throws(() => requiredVar({ LAKE_BUCKET: '' }, 'LAKE_BUCKET'), { message: 'LAKE_BUCKET is not set' });
  t.throws(() => requiredVar({} as { QUEUE_URL?: string }, 'QUEUE_URL'), /QUEUE_URL is not set/);
});

t.test('optionalPositiveInt: unset is undefined; zero, negatives, fractions and words are refused', async (t) => {
  t.equal(optionalPositiveInt({} as { RULE_TIME_LIMIT_MS?: string }, 'RULE_TIME_LIMIT_MS'), undefined);
  t.equal(optionalPositiveInt({ RULE_TIME_LIMIT_MS: '' }, 'RULE_TIME_LIMIT_MS'), undefined);
  t.equal(optionalPositiveInt({ RULE_TIME_LIMIT_MS: '250' }, 'RULE_TIME_LIMIT_MS'), 250);
  for (const bad of ['0', '-5', '1.5', 'abc']) t.throws(() => optionalPositiveInt({ RULE_TIME_LIMIT_MS: bad }, 'RULE_TIME_LIMIT_MS'), /RULE_TIME_LIMIT_MS must be a positive integer/, bad);
});

t.test('intVar: the default when unset, the range enforced', async (t) => {
  t.equal(intVar({} as { DELAY?: string }, 'DELAY', 60, 0, 900), 60);
  t.equal(intVar({ DELAY: '0' }, 'DELAY', 60, 0, 900), 0);
  t.throws(() => intVar({ DELAY: '901' }, 'DELAY', 60, 0, 900), /DELAY must be an integer 0-900/);
});
