// The console's pure helpers, in Node: what log data becomes as text, links and CSV, and PKCE.
import t from 'tap';
import { codeChallenge, hostedUiOrigin, randomString } from '../../console/src/auth/pkce.js';
import { cellText, formatTime, safeHttpUrl, toCsv } from '../../console/src/format.js';
import { detectionHref, detectionRoute } from '../../console/src/paths.js';

t.test('only absolute http(s) URLs become links', async (t) => {
  t.equal(safeHttpUrl('https://docs.aws.amazon.com/x?a=1'), 'https://docs.aws.amazon.com/x?a=1');
  t.equal(safeHttpUrl('http://example.com'), 'http://example.com/');
  for (const bad of ['javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>x</script>', 'vbscript:x', '/relative', '//evil.example', 'file:///etc/passwd', '', 42, null, undefined]) {
    t.equal(safeHttpUrl(bad), undefined, `not a link: ${String(bad)}`);
  }
});

t.test('cells: strings as they are, structures as JSON', async (t) => {
  t.equal(cellText('<img src=x onerror=alert(1)>'), '<img src=x onerror=alert(1)>');
  t.equal(cellText(null), '');
  t.equal(cellText(undefined), '');
  t.equal(cellText(3), '3');
  t.equal(cellText(false), 'false');
  t.equal(cellText(['a', 1]), '["a",1]');
  t.equal(cellText({ k: 'v' }), '{"k":"v"}');
  t.equal(formatTime('2024-03-04T10:15:30.123Z'), '2024-03-04 10:15:30 UTC');
  t.equal(formatTime('not a time'), 'not a time');
});

t.test('CSV: RFC 4180 quoting and no spreadsheet formulas from log data', async (t) => {
  const csv = toCsv(['a', 'b'], [
    { a: 'plain', b: 'with,comma' },
    { a: 'say "hi"', b: 'two\nlines' },
    { a: '=HYPERLINK("http://evil")', b: '+1' },
    { a: '-2', b: '@SUM(A1)' },
    { a: null, b: { n: 1 } },
  ]);
  t.equal(
    csv,
    ['a,b', 'plain,"with,comma"', '"say ""hi""","two\nlines"', `"'=HYPERLINK(""http://evil"")",'+1`, `'-2,'@SUM(A1)`, ',"{""n"":1}"', ''].join('\r\n'),
  );
});

t.test('PKCE S256 and the hosted UI origin', async (t) => {
  // RFC 7636 appendix B.
  t.equal(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  const v = randomString(32);
  t.match(v, /^[A-Za-z0-9_-]{43}$/);
  t.not(randomString(32), v);
  t.equal(hostedUiOrigin('my-app.auth.us-east-1.amazoncognito.com'), 'https://my-app.auth.us-east-1.amazoncognito.com');
  t.equal(hostedUiOrigin('https://auth.example.com/'), 'https://auth.example.com');
  t.throws(() => hostedUiOrigin('http://auth.example.com'), /https/);
});

t.test('detection routes: a detection called `new` does not clash with the new-detection editor', async (t) => {
  t.equal(detectionHref(null), '#/detections/new');
  t.equal(detectionHref('new'), '#/detections/id/new');
  t.equal(detectionHref('AWS.CloudTrail.RootAccountUsed'), '#/detections/id/AWS.CloudTrail.RootAccountUsed');
  t.equal(detectionHref('a/b c'), '#/detections/id/a%2Fb%20c');
  t.same(detectionRoute(['detections']), { page: 'list' });
  t.same(detectionRoute(['detections', 'new']), { page: 'new' });
  t.same(detectionRoute(['detections', 'id', 'new']), { page: 'edit', id: 'new' });
  t.same(detectionRoute(['detections', 'id', 'id']), { page: 'edit', id: 'id' });
  t.same(detectionRoute(['detections', 'id', 'a/b c']), { page: 'edit', id: 'a/b c' });
  // Anything else is not a page (the old `#/detections/<id>` form could not tell `new` apart).
  t.same(detectionRoute(['detections', 'id']), { page: 'unknown' });
  t.same(detectionRoute(['detections', 'AWS.CloudTrail.RootAccountUsed']), { page: 'unknown' });
  t.same(detectionRoute(['detections', 'new', 'x']), { page: 'unknown' });
  t.same(detectionRoute(['detections', 'id', 'a', 'b']), { page: 'unknown' });
});
