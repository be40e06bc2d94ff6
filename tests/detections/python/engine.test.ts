import t from 'tap';
import { PythonEngine, PythonLoadError } from '../../../detections/python/index.js';

// One Pyodide worker for the whole file: loading it takes seconds.
let engine: PythonEngine;

const HELPERS = `
def deep_get(dictionary, *keys, default=None):
    out = dictionary
    for key in keys:
        out = out.get(key, default) if hasattr(out, "get") else default
    return default if out is None else out

def is_root(event):
    return deep_get(event, "userIdentity", "type") == "Root"
`;

const DATA_MODEL_BODY = `
from panther_base_helpers import deep_get

def get_event_type(event):
    if event.get("eventName") == "ConsoleLogin" and deep_get(event, "responseElements", "ConsoleLogin") == "Failure":
        return "failed_login"
    return None
`;

const ROOT_RULE = `
from panther_base_helpers import is_root

def rule(event):
    return is_root(event)

def title(event):
    return f"Root activity: {event.get('eventName')}"

def dedup(event):
    return event.get("recipientAccountId")
`;

// Its alert_context reports what the event object did, so the test can assert on each behaviour.
const SEMANTICS_RULE = `
def rule(event):
    return True

def _assignment_error(target, key):
    try:
        target[key] = "changed"
    except TypeError as err:
        return type(err).__name__
    return "assignment allowed"

def alert_context(event):
    return {
        "get_insensitive": event.get("EVENTNAME"),
        "get_default": event.get("nope", "dflt"),
        "deep_get": event.deep_get("userIdentity", "SessionContext", "attributes", "mfaAuthenticated"),
        "deep_get_default": event.deep_get("userIdentity", "missing", default="none"),
        "deep_walk": event.deep_walk("resources", "ARN"),
        "deep_walk_type": type(event.deep_walk("resources", "ARN")).__name__,
        "deep_walk_single": event.deep_walk("resources", "type", return_val="first"),
        "udm_path_value": event.udm("actor_user"),
        "udm_path_where": event.udm_path("actor_user"),
        "udm_method": event.udm("event_type"),
        "udm_method_path": event.udm_path("event_type"),
        "udm_p_udm": event.udm("custom_field"),
        "udm_unmapped": event.udm("nothing_here", default="fallback"),
        "read_only": _assignment_error(event, "eventName"),
        "nested_read_only": _assignment_error(event.get("userIdentity"), "type"),
        "list_read_only": _assignment_error(event.get("resources"), 0),
        "get_nested_is_dict": event.get("userIdentity").get("TYPE"),
    }
`;

const MOCK_RULE = `
def lookup_reputation(ip):
    return "clean"

def rule(event):
    return lookup_reputation(event.get("sourceIPAddress")) == "malicious"

def title(event):
    return "reputation " + lookup_reputation(event.get("sourceIPAddress"))
`;

const RAISING_RULE = `
def rule(event):
    return event["missing"] == 1
`;

const STRING_RULE = `
def rule(event):
    return "yes"

def title(event):
    return "should not run"
`;

const AUX_RULE = `
def rule(event):
    return event.get("match") is True

def title(event):
    return "title " + event["user"]

def dedup(event):
    return event["not_there"]

def alert_context(event):
    return {"tags": {"a", "b"}}

def severity(event):
    return "high"

def destinations(event):
    return ["slack-main"]
`;

const CACHE_RULE = `
from panther_detection_helpers.caching import (
    add_to_string_set, get_string_set, increment_counter, get_counter, evaluate_threshold,
    remove_from_string_set, reset_counter, put_dictionary, get_dictionary,
)

def rule(event):
    users = add_to_string_set("users", event["user"])
    increment_counter("events")
    return len(users) >= 2

def alert_context(event):
    remove_from_string_set("users", "alice")
    put_dictionary("last", {"user": event["user"]})
    return {
        "users": sorted(get_string_set("users")),
        "events": get_counter("events"),
        "last": get_dictionary("last"),
        "threshold": [evaluate_threshold("t", threshold=3) for _ in range(4)],
    }
`;

const CACHE_TTL_RULE = `
from panther_detection_helpers.caching import put_string_set, add_to_string_set, get_string_set, increment_counter, get_counter

def rule(event):
    return True

def alert_context(event):
    put_string_set("expired_set", ["x"], epoch_seconds=1000000001)  # an absolute time in 2001
    add_to_string_set("live_set", ["y"], epoch_seconds=60)  # small values are seconds from now
    increment_counter("expired_counter", 5, epoch_seconds=1000000001)
    increment_counter("live_counter", 5)
    return {
        "expired_set": sorted(get_string_set("expired_set")),
        "live_set": sorted(get_string_set("live_set")),
        "expired_counter": get_counter("expired_counter"),
        "live_counter": get_counter("live_counter"),
    }
`;

const POLICY = `
def policy(resource):
    # a plain dict, as panther_analysis_tool passes it: item assignment works
    resource["checked"] = True
    return resource.get("Encryption") is not None

def title(resource):
    return "Unencrypted bucket " + resource["Name"]
`;

t.before(async () => {
  engine = await PythonEngine.start();
  t.comment(`Pyodide worker startup: ${engine.startupMs.toFixed(0)} ms`);
  await engine.loadGlobals([{ id: 'panther_base_helpers', body: HELPERS }]);
  await engine.loadDataModels([
    {
      id: 'Standard.AWS.CloudTrail',
      logTypes: ['AWS.CloudTrail'],
      body: DATA_MODEL_BODY,
      mappings: [
        { name: 'actor_user', path: '$.userIdentity.userName' },
        { name: 'event_type', method: 'get_event_type' },
      ],
    },
  ]);
  for (const [id, body] of [
    ['Root.Activity', ROOT_RULE],
    ['Event.Semantics', SEMANTICS_RULE],
    ['Mocked.Rule', MOCK_RULE],
    ['Raising.Rule', RAISING_RULE],
    ['String.Rule', STRING_RULE],
    ['Aux.Rule', AUX_RULE],
    ['Cache.Rule', CACHE_RULE],
    ['Cache.TTL', CACHE_TTL_RULE],
  ] as const) {
    await engine.loadDetection({ id, body, kind: 'rule' });
  }
  await engine.loadDetection({ id: 'S3.Encryption', body: POLICY, kind: 'policy' });
});

t.teardown(() => engine?.close());

const cloudtrail = {
  p_log_type: 'AWS.CloudTrail',
  eventName: 'ConsoleLogin',
  recipientAccountId: '123456789012',
  sourceIPAddress: '198.51.100.7',
  userIdentity: {
    type: 'Root',
    userName: 'root-user',
    sessionContext: { attributes: { mfaAuthenticated: 'false' } },
  },
  responseElements: { ConsoleLogin: 'Failure' },
  resources: [
    { ARN: 'arn:aws:s3:::a', type: 'AWS::S3::Bucket' },
    { arn: 'arn:aws:s3:::b', type: 'AWS::S3::Bucket' },
    { ARN: 'arn:aws:s3:::a' },
  ],
  p_udm: { custom_field: 'from-p_udm' },
};

t.test('a rule using a global helper runs its aux functions on a match', async (t) => {
  const hit = await engine.run('Root.Activity', cloudtrail);
  t.equal(hit.matched, true);
  t.same(hit.aux, { title: 'Root activity: ConsoleLogin', dedup: '123456789012' });
  t.same(hit.errors, {});
  const miss = await engine.run('Root.Activity', { ...cloudtrail, userIdentity: { type: 'IAMUser' } });
  t.equal(miss.matched, false);
  t.same(miss.aux, {}, 'aux functions do not run when rule() is False');
});

t.test('event semantics: case-insensitive get/deep_get, deep_walk lists, udm, read-only', async (t) => {
  const out = await engine.run('Event.Semantics', cloudtrail);
  t.same(out.errors, {});
  t.same(out.aux.alert_context, {
    get_insensitive: 'ConsoleLogin',
    get_default: 'dflt',
    deep_get: 'false',
    deep_get_default: 'none',
    deep_walk: ['arn:aws:s3:::a', 'arn:aws:s3:::b'],
    deep_walk_type: 'list',
    deep_walk_single: 'AWS::S3::Bucket',
    udm_path_value: 'root-user',
    udm_path_where: 'userIdentity.userName',
    udm_method: 'failed_login',
    udm_method_path: 'get_event_type',
    udm_p_udm: 'from-p_udm',
    udm_unmapped: 'fallback',
    read_only: 'TypeError',
    nested_read_only: 'TypeError',
    list_read_only: 'TypeError',
    get_nested_is_dict: 'Root',
  });
});

t.test('a data model Method mapping returns None when its function does', async (t) => {
  const out = await engine.run('Event.Semantics', { ...cloudtrail, eventName: 'GetObject' });
  const context = out.aux.alert_context as Record<string, unknown>;
  t.equal(context['udm_method'], null);
});

t.test('mocks replace module names for one run only', async (t) => {
  const mocked = await engine.run('Mocked.Rule', cloudtrail, {
    mocks: [{ objectName: 'lookup_reputation', returnValue: 'malicious' }],
  });
  t.equal(mocked.matched, true);
  t.same(mocked.aux, { title: 'reputation malicious' }, 'aux functions see the mock too');
  const after = await engine.run('Mocked.Rule', cloudtrail);
  t.equal(after.matched, false, 'the mock did not leak into the next run');
  const unknown = await engine.run('Mocked.Rule', cloudtrail, { mocks: [{ objectName: 'not_defined', returnValue: 'x' }] });
  t.match(unknown.errors.rule, /^AttributeError: .*not_defined/);
  t.equal(unknown.matched, undefined);
});

t.test('a rule that raises reports the Python error', async (t) => {
  const out = await engine.run('Raising.Rule', cloudtrail);
  t.equal(out.matched, undefined);
  t.equal(out.errors.rule, "KeyError: 'missing'");
});

t.test('a non-bool return value is kept raw and does not trigger aux functions', async (t) => {
  const out = await engine.run('String.Rule', cloudtrail);
  t.equal(out.matched, 'yes');
  t.same(out.aux, {});
  const expected = await engine.run('String.Rule', cloudtrail, { expectMatch: true });
  t.same(expected.aux, { title: 'should not run' }, 'expectMatch runs every function');
});

t.test('aux functions: values, per-function errors, non-JSON values', async (t) => {
  const out = await engine.run('Aux.Rule', { match: true, user: 'bob' });
  t.equal(out.matched, true);
  t.same(out.aux, { title: 'title bob', severity: 'high', destinations: ['slack-main'] });
  t.same(out.errors, {
    dedup: "KeyError: 'not_there'",
    alert_context: 'TypeError: Object of type set is not JSON serializable',
  });
  const miss = await engine.run('Aux.Rule', { match: false, user: 'bob' });
  t.same(miss.aux, {});
  t.same(miss.errors, {});
});

t.test('caching helpers keep string sets and counters across runs', async (t) => {
  await engine.resetCache();
  const first = await engine.run('Cache.Rule', { user: 'alice' });
  t.equal(first.matched, false);
  const again = await engine.run('Cache.Rule', { user: 'alice' });
  t.equal(again.matched, false, 'a set holds each string once');
  const second = await engine.run('Cache.Rule', { user: 'bob' });
  t.equal(second.matched, true);
  t.same(second.aux.alert_context, {
    users: ['bob'],
    events: 3,
    last: { user: 'bob' },
    threshold: [false, false, true, false],
  });
  await engine.resetCache();
  const fresh = await engine.run('Cache.Rule', { user: 'carol' });
  t.equal(fresh.matched, false, 'resetCache empties the store');
});

t.test('caching TTLs: expired keys read as absent', async (t) => {
  await engine.resetCache();
  const out = await engine.run('Cache.TTL', {});
  t.same(out.errors, {});
  t.same(out.aux.alert_context, { expired_set: [], live_set: ['y'], expired_counter: 0, live_counter: 5 });
});

t.test('a policy: False (non-compliant) runs the aux functions', async (t) => {
  const failing = await engine.run('S3.Encryption', { Name: 'logs', Encryption: null });
  t.equal(failing.matched, false);
  t.same(failing.aux, { title: 'Unencrypted bucket logs' });
  const passing = await engine.run('S3.Encryption', { Name: 'logs', Encryption: { SSEAlgorithm: 'AES256' } });
  t.equal(passing.matched, true);
  t.same(passing.aux, {});
});

t.test('load errors name the detection and the Python error', async (t) => {
  await t.rejects(engine.loadDetection({ id: 'Broken', body: 'def rule(event)\n    return True\n', kind: 'rule' }), {
    name: 'PythonLoadError',
    id: 'Broken',
    pythonError: /^SyntaxError/,
  });
  const noRule = await engine.loadDetection({ id: 'NoRule', body: 'x = 1\n', kind: 'rule' }).catch((err: unknown) => err);
  t.ok(noRule instanceof PythonLoadError);
  t.match((noRule as PythonLoadError).pythonError, /defines no rule\(\) function/);
  await t.rejects(engine.run('NoRule', {}), /not loaded/);
});

t.test('per-call overhead', async (t) => {
  const n = 300;
  const started = performance.now();
  for (let i = 0; i < n; i++) await engine.run('Root.Activity', cloudtrail);
  const perCall = (performance.now() - started) / n;
  t.comment(`run() round trip: ${perCall.toFixed(3)} ms per call (rule + title + dedup)`);
  t.ok(perCall < 50, `per-call overhead ${perCall.toFixed(2)} ms stays small`);
});
