# Native python3 side of bench/detections.ts: loads the rule files named on the command line, reads
# JSON lines (one event each) from stdin, then times rule() (and, on a match, the auxiliary
# functions, as the engines do) over every event. Prints one JSON line with the figures.
import importlib.util
import json
import sys
import time

sys.dont_write_bytecode = True  # keep bench/python-rules free of __pycache__

AUX = ("title", "dedup", "alert_context", "severity", "description", "reference", "runbook", "destinations")


class Event(dict):
    """The dict-with-helpers a Panther rule receives, reduced to get/deep_get."""

    def deep_get(self, *keys, default=None):
        out = self
        for key in keys:
            out = out.get(key, default) if isinstance(out, dict) else default
        return default if out is None else out


def load(path):
    spec = importlib.util.spec_from_file_location(path.rsplit("/", 1)[-1][:-3], path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def to_event(value):
    # Nested objects get deep_get too, as Panther's ImmutableCaseInsensitiveDict values do.
    if isinstance(value, dict):
        return Event((k, to_event(v)) for k, v in value.items())
    if isinstance(value, list):
        return [to_event(v) for v in value]
    return value


def main():
    rules = [(p.rsplit("/", 1)[-1][:-3], load(p)) for p in sys.argv[1:]]
    plans = [(name, mod.rule, [getattr(mod, a) for a in AUX if callable(getattr(mod, a, None))]) for name, mod in rules]
    events = [to_event(json.loads(line)) for line in sys.stdin if line.strip()]
    matches = {name: 0 for name, _ in rules}
    errors = 0
    started = time.perf_counter()
    for event in events:
        for name, rule, aux in plans:
            try:
                if rule(event) is True:
                    matches[name] += 1
                    for fn in aux:
                        fn(event)
            except Exception:
                errors += 1
    seconds = time.perf_counter() - started
    print(json.dumps({"evaluations": len(events) * len(plans), "seconds": seconds, "matches": matches, "errors": errors}))


if __name__ == "__main__":
    main()
