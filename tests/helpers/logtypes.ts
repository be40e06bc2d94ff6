// Small log types declared in tests, so engine tests do not depend on any vendor parser.
import { defineLogType } from '../../parsers/core/logtype.js';
import { array, int, object, string, timestamp } from '../../parsers/core/fields.js';

export const TestJson = defineLogType({
  name: 'Test.Json',
  description: 'JSON test events',
  reference: 'tests',
  fields: {
    time: timestamp({ required: true }),
    user: string({ required: true, indicators: ['username'] }),
    ip: string({ indicators: ['ip'] }),
    count: int(),
    arns: array(string(), { indicators: ['aws_arn'] }),
  },
  eventTime: 'time',
  parser: { kind: 'json' },
});

/** "KV <n> <word>" lines; "HDR" lines are headers. */
export const TestText = defineLogType({
  name: 'Test.Text',
  description: 'text test events',
  reference: 'tests',
  fields: { n: int({ required: true }), word: string({ required: true }) },
  parser: {
    kind: 'text',
    create: () => (line) => {
      if (line === 'HDR') return { ok: 'header' };
      const m = /^KV (\d+) (\w+)$/.exec(line);
      return m === null ? { ok: false, reason: 'not a KV line' } : { ok: true, event: { n: Number(m[1]), word: m[2] } };
    },
  },
});

/** Keys that are not Glue identifiers (hyphens): their Glue columns need SerDe mappings. */
export const TestHyphen = defineLogType({
  name: 'Test.Hyphen',
  description: 'hyphenated keys',
  reference: 'tests',
  fields: { 'detail-type': string({ required: true }), Detail: object({ 'x-y': string() }), at: timestamp() },
  parser: { kind: 'json' },
});
