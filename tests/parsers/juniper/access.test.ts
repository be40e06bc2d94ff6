import t from 'tap';
import { Access, accessParser, parseAccess } from '../../../parsers/juniper/access.js';
import type { ParseResult } from '../../../parsers/core/logtype.js';
import { classifyLines, eventsOf, sampleLines } from '../../helpers/parse.js';

const lines = sampleLines(new URL('../../../parsers/juniper/samples/Juniper.Access.log', import.meta.url));
const NOW = Date.UTC(2024, 2, 20, 12); // 2024-03-20 12:00 UTC
const FIRST = lines[0] as string;

const event = (r: ParseResult): Record<string, unknown> => {
  if (r.ok !== true) throw new Error(`not an event: ${JSON.stringify(r)}`);
  return r.event;
};
const reasonOf = (line: string): string => {
  const r = parseAccess(line, NOW);
  return r.ok === false ? r.reason : `accepted: ${JSON.stringify(r)}`;
};

t.test('first lines parse into their fields', async (t) => {
  t.same(event(parseAccess(FIRST, NOW)), {
    timestamp: '2024-03-19 21:11:47.000000000',
    hostname: 'webappsecure',
    log_level: 'INFO',
    thread: 'se-request-6',
    unique_request_key: 'da5a23dd-8367-476e-97ca-d734ab56244d',
    type: 'REQUEST',
    stage: 'PRE',
    proxy_client_ip: '127.0.0.1',
    url: 'http://zach-vm.jwas.jsec.net:80/genericelectronics',
  });
  t.match(event(parseAccess(lines[1] as string, NOW)), { thread: 'se-request-25', type: 'REQUEST', stage: 'POST', url: 'http://10.20.0.53:80/' });
  const response = lines.find((l) => l.includes('se-response-13')) as string;
  t.match(event(parseAccess(response, NOW)), { log_level: 'DEBUG', type: 'RESPONSE', stage: 'PRE', timestamp: '2024-03-19 19:48:15.000000000' });
  t.match(
    event(parseAccess('Mar  5 01:02:03 jwas [WARN][mws-access][t1] key: k1 , PHASE_RESPONSE_POST_PROCESS , 10.0.0.1 , http://a.example/x?a=1,2', NOW)),
    { timestamp: '2024-03-05 01:02:03.000000000', unique_request_key: 'k1', proxy_client_ip: '10.0.0.1', url: 'http://a.example/x?a=1,2' },
    'spaces around commas; commas inside the URL',
  );
});

t.test('the HTTP message lines after a first line are headers, up to the next dated line', async (t) => {
  const results = classifyLines([Access], lines);
  t.same(
    results.map((r) => r.kind),
    ['event', 'event', ...Array(11).fill('header'), 'event', ...Array(14).fill('header'), 'event', 'header', 'header', 'header'],
  );
  const events = eventsOf(results.filter((r) => r.kind === 'event'));
  t.equal(events.length, 4);
  const [first, second] = events as [Record<string, unknown>, Record<string, unknown>];
  t.equal(first.p_log_type, 'Juniper.Access');
  t.equal(first.p_event_time, first.timestamp);
  t.match(first.timestamp, /^\d{4}-03-19 21:11:47\.000000000$/);
  t.same(first.p_any_ip_addresses, ['127.0.0.1']);
  t.same(first.p_any_domain_names, ['zach-vm.jwas.jsec.net'], 'the host of the URL');
  t.same(second.p_any_ip_addresses, ['10.20.0.53', '127.0.0.1']);

  const parse = accessParser(() => NOW);
  t.same(parse('host: 10.20.0.53'), { ok: false, reason: 'expected "Mmm dd hh:mm:ss hostname" at the start of the line' }, 'no continuation before a first line');
  t.equal(parse(FIRST).ok, true);
  t.same(parse('GET / HTTP/1.1'), { ok: 'header' });
  t.same(parse('{"a":1}'), { ok: 'header' }, 'any body line');
  const mws = parse('Mar 19 18:42:38 my-jwas [INFO][mws-cluster-services][db-cleanup] done');
  t.match(mws, { ok: false, reason: /not an \[mws-access\] line/ }, 'a dated line of another kind ends the message and is rejected');
  t.match(parse('connection: close'), { ok: false }, 'and the following lines are no longer continuations');
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(reasonOf('{"key":"value"}'), /expected "Mmm dd hh:mm:ss hostname"/);
  t.match(reasonOf('Mar 19 21:11:47'), /expected "Mmm dd hh:mm:ss hostname"/);
  t.match(reasonOf('Foo 19 21:11:47 host [INFO][mws-access][t] key:k,PHASE_REQUEST_PRE_PROCESS,1.2.3.4,http://x/'), /invalid timestamp "Foo 19 21:11:47"/);
  t.match(reasonOf('Feb 30 21:11:47 host [INFO][mws-access][t] key:k,PHASE_REQUEST_PRE_PROCESS,1.2.3.4,http://x/'), /invalid timestamp/);
  t.match(reasonOf('Mar 19 21:11:47 host [NOTICE][mws-access][t] key:k,PHASE_REQUEST_PRE_PROCESS,1.2.3.4,http://x/'), /expected \[LEVEL\]/);
  t.match(reasonOf('Mar 19 21:11:47 host [INFO][mws-audit][t] key:k,PHASE_REQUEST_PRE_PROCESS,1.2.3.4,http://x/'), /not an \[mws-access\] line/);
  t.match(reasonOf('Mar 19 21:11:47 host [INFO][mws-access] key:k,PHASE_REQUEST_PRE_PROCESS,1.2.3.4,http://x/'), /expected \[thread\]/);
  t.match(reasonOf('Mar 19 21:11:47 host [INFO][mws-access][t] k,PHASE_REQUEST_PRE_PROCESS,1.2.3.4,http://x/'), /expected "key:"/);
  t.match(reasonOf('Mar 19 21:11:47 host [INFO][mws-access][t] key:k,PHASE_REQUEST_PRE_PROCESS,1.2.3.4'), /separated by commas/);
  t.match(reasonOf('Mar 19 21:11:47 host [INFO][mws-access][t] key:k,PHASE_REQUEST_DURING_PROCESS,1.2.3.4,http://x/'), /invalid phase "PHASE_REQUEST_DURING_PROCESS"/);
  t.match(reasonOf('Mar 19 21:11:47 host [INFO][mws-access][t] key:,PHASE_REQUEST_PRE_PROCESS,1.2.3.4,http://x/'), /non-empty words/);
});
