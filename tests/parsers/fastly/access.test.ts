import t from 'tap';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Access } from '../../../parsers/fastly/access.js';
import { logTypes } from '../../../parsers/fastly/index.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { sampleFiles } from '../../../parsers/samples.js';
import { classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const SAMPLE = new URL('../../../parsers/fastly/samples/Fastly.Access.log', import.meta.url);
const lines = sampleLines(SAMPLE);
const first = lines[0] as string;
const CLASSIC = '<134>2020-09-11T13:20:27Z cache-sjc3128 LogTest[62959]: ';
const name = (r: ReturnType<typeof classifyLines>[number]): string => (r.kind === 'event' ? r.logType.name : r.kind);

t.test('Common Log Format lines parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([Access], lines)) as Obj[];
  t.equal(events.length, 5);
  const [notFound, noBody, image, v6, purge] = events as [Obj, Obj, Obj, Obj, Obj];

  // Panther's own Fastly example line.
  t.match(notFound, {
    p_log_type: 'Fastly.Access',
    remote_host_ip_address: '127.0.0.1',
    request_method: 'GET',
    request_uri: '/',
    request_protocol: 'HTTP/1.1',
    response_status: 404,
    response_size: 345,
    request_time: '2020-09-11 13:20:27.000000000',
    p_event_time: '2020-09-11 13:20:27.000000000',
  });
  t.notOk('client_identity_rfc_1413' in notFound, 'a quoted "-" is no identity');
  t.notOk('request_user' in notFound, 'a quoted "-" is no user');
  t.notOk('cache_node' in notFound, 'no Classic prefix, no cache node');
  t.same(notFound.p_any_ip_addresses, ['127.0.0.1']);
  t.same(notFound.p_any_usernames, []);

  t.equal(noBody.response_size, 0, '%b writes "-" for an empty body');
  t.match(image, { request_uri: '/assets/img/logo.png', request_protocol: 'HTTP/2', response_status: 200, response_size: 18231, p_event_time: '2020-09-11 13:21:04.000000000' });
  t.same(image.p_any_ip_addresses, ['203.0.113.195']);
  t.match(v6, { request_method: 'POST', request_uri: '/graphql', p_event_time: '2020-09-11 13:22:45.000000000' });
  t.same(v6.p_any_ip_addresses, ['2001:db8:85a3::8a2e:370:7334']);
  t.match(purge, { request_method: 'PURGE', response_status: 403, response_size: 58 });
});

t.test('the Classic prefix, host names, users and odd request lines', async (t) => {
  const [classic] = eventsOf(classifyLines([Access], [CLASSIC + first])) as Obj[];
  t.match(classic, { cache_node: 'cache-sjc3128', log_name: 'LogTest', remote_host_ip_address: '127.0.0.1', response_status: 404, p_event_time: '2020-09-11 13:20:27.000000000' });

  const named = first.replace('127.0.0.1 "-" "-"', 'client-7.example.net "-" "alice"').replace('+0000]', '-0700]');
  const [e] = eventsOf(classifyLines([Access], [named])) as Obj[];
  t.match(e, { remote_host_ip_address: 'client-7.example.net', request_user: 'alice', p_event_time: '2020-09-11 20:20:27.000000000' });
  t.same(e?.p_any_domain_names, ['client-7.example.net'], 'a host name in %h is a domain, as Panther took it');
  t.same(e?.p_any_ip_addresses, []);
  t.same(e?.p_any_usernames, ['alice']);

  const [garbage] = eventsOf(classifyLines([Access], [first.replace('"GET / HTTP/1.1"', '"\\x16\\x03\\x01"')])) as Obj[];
  t.equal(garbage?.request_line, '\\x16\\x03\\x01', 'a request line that is not METHOD URI PROTOCOL is kept whole');
  t.notOk('request_method' in (garbage as Obj));
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(rejection([Access], first.replace('"-" "-"', '- -')), /identity and user not in quotes: Fastly writes "-" "-" \(an Apache common line\?\)/);
  t.match(rejection([Access], `${first} "-" "curl/8.4.0"`), /9 fields: a combined line, not the Common Log Format Fastly writes/);
  t.match(rejection([Access], first.replace('11/Sep', '31/Sep')), /time \(4th field\): expected \[dd\/Mon\/yyyy:hh:mm:ss \+zzzz\]/);
  t.match(rejection([Access], CLASSIC.replace(' LogTest[62959]:', '') + first), /Classic prefix: expected "cache-node name\[pid\]: " after the time/);
  t.match(rejection([Access], `<134>Sep 11 13:20:27 cache-sjc3128 LogTest[62959]: ${first}`), /Classic prefix: expected an RFC 3339 time after <PRI>/);
  t.match(rejection([Access], '{"client_ip":"127.0.0.1","status":404}'), /Fastly\.Access: .+/);
});

t.test('with every log type, Fastly lines land on Fastly.Access and Apache lines stay Apache', async (t) => {
  t.same(logTypes.map((l) => l.name), ['Fastly.Access']);
  t.same(classifyLines(builtinLogTypes, lines).map(name), lines.map(() => 'Fastly.Access'), basename(SAMPLE.pathname));
  t.same(classifyLines(builtinLogTypes, [first.replace('"-" "-"', '- -')]).map(name), ['Apache.AccessCommon']);
  // A Classic line is valid RFC 3164 syslog too; Fastly.Access is registered first, so it takes it.
  t.same(classifyLines(builtinLogTypes, [CLASSIC + first]).map(name), ['Fastly.Access']);
  const others = sampleFiles().filter((f) => !basename(f).startsWith('Fastly.'));
  t.ok(others.length > 0);
  for (const file of others) {
    const taken = classifyLines([Access], sampleLines(pathToFileURL(file))).filter((r) => r.kind === 'event');
    t.equal(taken.length, 0, `${basename(file)}: no line is a Fastly line`);
  }
});
