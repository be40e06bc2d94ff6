import t from 'tap';
import { PantherEvent, readOnly } from '../../../detections/engine/event.js';
import { CompiledDataModel, findPath, formatFullPath, parsePath, type DataModel } from '../../../detections/engine/data-model.js';

const sample = () => ({
  eventName: 'ConsoleLogin',
  EventSource: 'signin.amazonaws.com',
  eventsource: 'second spelling',
  nothing: null,
  userIdentity: { Type: 'Root', arn: 'arn:aws:iam::123456789012:root', sessionContext: { attributes: { mfaAuthenticated: 'false' } } },
  resources: [
    { ARN: 'arn:1', tags: [{ key: 'env', value: 'prod' }] },
    { ARN: 'arn:2', tags: [{ key: 'env', value: 'dev' }, { key: 'team', value: 'sec' }] },
    { ARN: 'arn:1', tags: [] },
    { other: true },
  ],
  nested: [
    [1, 2],
    [2, 3],
  ],
  empties: [[], []],
  p_log_type: 'AWS.CloudTrail',
  p_event_time: '2024-03-04 05:06:07.123',
  p_udm: { user: { name: 'from-p_udm' } },
});

t.test('get: exact key first, then case-insensitive, then the default', async (t) => {
  const e = new PantherEvent(sample());
  t.equal(e.get('eventName'), 'ConsoleLogin');
  t.equal(e.get('EVENTNAME'), 'ConsoleLogin');
  // Exact key wins over a case-insensitive one; among insensitive matches the first key wins.
  t.equal(e.get('eventsource'), 'second spelling');
  t.equal(e.get('EventSource'), 'signin.amazonaws.com');
  t.equal(e.get('EVENTSOURCE'), 'signin.amazonaws.com');
  t.equal(e.get('missing'), undefined);
  t.equal(e.get('missing', 'dflt'), 'dflt');
  // A present null is returned as is (Python's dict.get), not replaced by the default.
  t.equal(e.get('nothing', 'dflt'), null);
  // Nested objects are case-insensitive views too.
  const ui = e.get('useridentity') as { type: string; Type: string };
  t.equal(ui.type, 'Root');
  t.equal(e.data.userIdentity.Type, 'Root');
});

t.test('deep_get: case-insensitive through objects, default on any miss', async (t) => {
  const e = new PantherEvent(sample());
  t.equal(e.deepGet('userIdentity', 'sessionContext', 'attributes', 'mfaAuthenticated'), 'false');
  t.equal(e.deep_get('USERIDENTITY', 'SessionContext', 'Attributes', 'MFAAuthenticated'), 'false');
  t.equal(e.deepGet('userIdentity', 'nope', 'deeper'), undefined);
  t.equal(e.deepGet('userIdentity', 'nope', 'deeper', { default: 'x' }), 'x');
  t.equal(e.deepGet('nothing', { default: 'x' }), 'x', 'null becomes the default');
  t.equal(e.deepGet('eventName', 'sub', { default: 'x' }), 'x', 'a string is not walked into');
  t.equal(e.deepGet('resources', 'ARN', { default: 'x' }), 'x', 'deep_get does not walk lists');
  t.strictSame(e.deepGet('userIdentity', 'sessionContext'), { attributes: { mfaAuthenticated: 'false' } });
});

t.test('deep_walk: lists flattened and deduplicated, return_val', async (t) => {
  const e = new PantherEvent(sample());
  t.strictSame(e.deepWalk('resources', 'ARN'), ['arn:1', 'arn:2']);
  t.strictSame(e.deep_walk('resources', 'tags', 'value'), ['prod', 'dev', 'sec']);
  t.strictSame(e.deepWalk('resources', 'tags', 'key'), ['env', 'team']);
  t.equal(e.deepWalk('resources', 'ARN', { return_val: 'first' }), 'arn:1');
  t.equal(e.deepWalk('resources', 'ARN', { returnVal: 'last' }), 'arn:2');
  t.equal(e.deepWalk('resources', 'other'), true, 'a single value found comes back alone');
  t.equal(e.deepWalk('resources', 'missing'), undefined);
  t.equal(e.deepWalk('resources', 'missing', { default: 'none' }), 'none');
  t.equal(e.deepWalk('userIdentity', 'arn'), 'arn:aws:iam::123456789012:root');
  t.equal(e.deepWalk('USERIDENTITY', 'ARN'), 'arn:aws:iam::123456789012:root');
  t.equal(e.deepWalk('empties', { default: 'd' }), 'd', 'a list of empty lists is the default');
  t.strictSame(e.deepWalk('nested'), [[1, 2], [2, 3]], 'a list at the end of the path is returned whole');
  const list = e.deepWalk('resources', 'ARN') as string[];
  t.ok(Array.isArray(list));
  list.push('mine');
  t.strictSame(e.deepWalk('resources', 'ARN'), ['arn:1', 'arn:2'], 'the returned list is a fresh plain array');
  t.throws(() => e.deepWalk('resources', { return_val: 'middle' as 'all' }), TypeError);
});

t.test('the event is read-only', async (t) => {
  const raw = sample();
  const e = new PantherEvent(raw);
  t.throws(() => {
    (e.data as Record<string, unknown>).eventName = 'x';
  }, /read-only/);
  t.throws(() => {
    (e.get('userIdentity') as Record<string, unknown>).Type = 'x';
  }, /read-only/);
  t.throws(() => {
    delete (e.data.userIdentity as Partial<typeof raw.userIdentity>).arn;
  }, /read-only/);
  t.throws(() => {
    (e.get('resources') as unknown[]).push({});
  }, /read-only/);
  t.throws(() => {
    (e as unknown as Record<string, unknown>).get = () => 1;
  }, TypeError);
  t.throws(() => {
    (e.deepWalk('resources', 'tags') as Record<string, unknown>[])[0]!.key = 'k';
  }, /read-only/);
  t.equal(raw.eventName, 'ConsoleLogin');
  t.equal(raw.resources.length, 4);
  // Views serialize and compare like the data.
  t.equal(JSON.stringify(e.get('userIdentity')), JSON.stringify(raw.userIdentity));
  t.equal(JSON.stringify(e), JSON.stringify(raw));
  t.equal(e.get('userIdentity'), e.get('userIdentity'), 'views are cached');
  const copy = e.toDict();
  copy.eventName = 'changed';
  t.equal(e.get('eventName'), 'ConsoleLogin');
  t.equal(readOnly(5), 5);
  t.equal(e.eventTimeEpoch(), Date.UTC(2024, 2, 4, 5, 6, 7) / 1000);
  t.equal(new PantherEvent({}).event_time_epoch(), 0);
  t.throws(() => new PantherEvent([] as unknown as object));
  // Already-frozen data is served as is (a Proxy must return frozen properties unchanged) and still refuses writes.
  const frozen = new PantherEvent(Object.freeze({ inner: Object.freeze({ v: 1 }) }));
  t.equal(frozen.data.inner.v, 1);
  t.throws(() => {
    (frozen.data as { inner: unknown }).inner = 2;
  }, /read-only/);
});

type Ev = PantherEvent<ReturnType<typeof sample>>;
const model: DataModel<Ev> = {
  id: 'Standard.AWS.CloudTrail',
  logTypes: ['AWS.CloudTrail'],
  mappings: [
    { name: 'actor_user', path: 'userIdentity.arn' },
    { name: 'first_tag', path: '$.resources[1].tags[1].value' },
    { name: 'quoted', path: "$['userIdentity'].sessionContext.attributes.mfaAuthenticated" },
    { name: 'all_arns', path: '$.resources[*].ARN' },
    { name: 'absent', path: '$.not.there' },
    { name: 'event_kind', method: function kindOf(ev) { return `${String(ev.get('eventName'))}@${String(ev.get('eventSource'))}`; } },
  ],
};

t.test('udm: Path, JSONPath and Method mappings, p_udm fallback', async (t) => {
  const e = new PantherEvent(sample(), model);
  t.equal(e.dataModelId, 'Standard.AWS.CloudTrail');
  t.equal(e.udm('actor_user'), 'arn:aws:iam::123456789012:root');
  t.equal(e.udm('first_tag'), 'sec');
  t.equal(e.udm('quoted'), 'false');
  t.equal(e.udm('event_kind'), 'ConsoleLogin@signin.amazonaws.com');
  // Mapped but absent: the default, no fallback (panther_core short-circuits).
  t.equal(e.udm('absent'), undefined);
  t.equal(e.udm('absent', { default: 'd' }), 'd');
  t.throws(() => e.udm('all_arns'), /matched multiple fields/);
  // Unmapped: p_udm, then the event itself.
  t.equal(e.udm('user', 'name'), 'from-p_udm');
  t.strictSame(e.udm('user'), { name: 'from-p_udm' });
  t.equal(e.udm('eventName'), 'ConsoleLogin', 'falls back to the event field');
  t.equal(e.udm('unmapped', { default: 'dd' }), 'dd');

  t.equal(e.udmPath('actor_user'), 'userIdentity.arn');
  t.equal(e.udm_path('first_tag'), 'resources.[1].tags.[1].value');
  t.equal(e.udmPath('event_kind'), 'kindOf');
  t.equal(e.udmPath('absent'), undefined);
  t.equal(e.udmPath('unmapped'), undefined);

  // No data model: udm uses p_udm only; udm_path is an error.
  const plain = new PantherEvent(sample());
  t.equal(plain.udm('user', 'name'), 'from-p_udm');
  t.equal(plain.udm('actor_user'), undefined);
  t.throws(() => plain.udmPath('actor_user'), /a data model hasn't been specified for log type \[AWS.CloudTrail\]/);
  // A falsy p_udm value falls through to the event's own field.
  const falsy = new PantherEvent({ p_udm: { flag: '' }, flag: 'event-level' });
  t.equal(falsy.udm('flag'), 'event-level');
});

t.test('JSONPath parsing', async (t) => {
  t.strictSame(parsePath('a.b'), [{ kind: 'field', name: 'a' }, { kind: 'field', name: 'b' }]);
  t.strictSame(parsePath('$.a[0][*]'), [{ kind: 'field', name: 'a' }, { kind: 'index', index: 0 }, { kind: 'wildcard' }]);
  t.strictSame(parsePath(`$["x y"].'z'`), [{ kind: 'field', name: 'x y' }, { kind: 'field', name: 'z' }]);
  t.strictSame(parsePath('$..arn'), [{ kind: 'descend', name: 'arn' }]);
  t.throws(() => parsePath('$.a[?(@.b ~ 1)]'), /unsupported filter/);
  t.throws(() => parsePath('$.a[?(@.b == foo)]'), /unsupported literal/);
  t.throws(() => parsePath('$.a[?@.b]'), /malformed filter/);
  // jsonpath_ng.ext filters, as in Panther's GSuite data model.
  const gsuite = {
    events: [
      { parameters: [{ name: 'ROLE_NAME', value: 'admin' }, { name: 'OTHER', value: 'x' }] },
      { parameters: [{ name: 'USER_EMAIL', value: 'a@example.com' }, { name: 'COUNT', value: 3 }] },
    ],
  };
  const byName = findPath(gsuite, parsePath("$.events[*].parameters[?(@.name == 'USER_EMAIL')].value"));
  t.strictSame(byName.map((m) => [m.value, formatFullPath(m.steps)]), [['a@example.com', 'events.[1].parameters.[0].value']]);
  t.strictSame(findPath(gsuite, parsePath('$.events[*].parameters[?(@.value > 2)].name')).map((m) => m.value), ['COUNT']);
  t.strictSame(findPath(gsuite, parsePath('$.events[*].parameters[?(@.name != "OTHER" & @.value)].name')).map((m) => m.value), ['ROLE_NAME', 'USER_EMAIL', 'COUNT']);
  t.strictSame(findPath(gsuite, parsePath("$.events[?(@.parameters)].parameters[?(@.value <= 'b')].name")).map((m) => m.value), ['ROLE_NAME', 'USER_EMAIL']);
  t.throws(() => parsePath(''), /empty/);
  t.throws(() => parsePath('a.'), /field name/);
  t.throws(() => parsePath('$.a[0'), /"\]"/);
  const doc = { a: [{ arn: 'x' }, { b: { arn: 'y' } }], c: { d: 1 } };
  t.strictSame(findPath(doc, parsePath('$..arn')).map((m) => m.value), ['x', 'y']);
  t.strictSame(findPath(doc, parsePath('$.a[-1].b.arn')).map((m) => formatFullPath(m.steps)), ['a.[1].b.arn']);
  t.strictSame(findPath(doc, parsePath('c.*')).map((m) => m.value), [1]);
  t.strictSame(findPath(doc, parsePath('C.d')), [], 'paths are case-sensitive as in jsonpath_ng');
  t.throws(() => new CompiledDataModel({ id: 'M', logTypes: [], mappings: [{ name: 'x' }] }), /must define one of/);
  t.throws(() => new CompiledDataModel({ id: 'M', logTypes: [], mappings: [{ name: '', path: 'a' }] }), /missing required field/);
});
