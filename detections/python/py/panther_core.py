"""The event object Panther-format detections receive, written for this project.

Semantics follow Panther's PantherEvent: read-only, case-insensitive key lookup (exact key first),
get/deep_get/deep_walk, udm() through the log type's data model (Path or Method mappings) falling
back to p_udm, and udm_path().
"""

import json
import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any, Callable, Dict, List, Optional

__all__ = [
    "PantherEvent",
    "ImmutableCaseInsensitiveDict",
    "ImmutableList",
    "DataModel",
    "PantherError",
    "json_encoder",
    "to_plain",
]


class PantherError(Exception):
    """Raised by the event object when it is used wrongly (e.g. udm_path without a data model)."""


def _immutable(value: Any) -> Any:
    if isinstance(value, (ImmutableCaseInsensitiveDict, ImmutableList)):
        return value
    if isinstance(value, Mapping):
        return ImmutableCaseInsensitiveDict(value)
    if isinstance(value, (list, tuple)):
        return ImmutableList(value)
    return value


def to_plain(value: Any) -> Any:
    """Deep copy into plain dict/list values (what json.dumps accepts)."""
    if isinstance(value, ImmutableCaseInsensitiveDict):
        return {k: to_plain(v) for k, v in value._container.items()}
    if isinstance(value, ImmutableList):
        return [to_plain(v) for v in value._container]
    if isinstance(value, Mapping):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    return value


def json_encoder(value: Any) -> Any:
    """`json.dumps(x, default=json_encoder)` serializes the immutable containers."""
    if isinstance(value, (ImmutableCaseInsensitiveDict, ImmutableList)):
        return to_plain(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


class _ReadOnly:
    def __setitem__(self, key: Any, value: Any) -> None:
        raise TypeError(f"'{type(self).__name__}' object does not support item assignment")

    def __delitem__(self, key: Any) -> None:
        raise TypeError(f"'{type(self).__name__}' object does not support item deletion")


class ImmutableList(_ReadOnly, Sequence):
    """A read-only list; nested dicts and lists come back read-only too."""

    def __init__(self, container: Sequence):
        self._container = list(container)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return ImmutableList(self._container[index])
        return _immutable(self._container[index])

    def __len__(self) -> int:
        return len(self._container)

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, ImmutableList):
            return self._container == other._container
        if isinstance(other, (list, tuple)):
            return self._container == list(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(json.dumps(v, default=json_encoder, sort_keys=True) for v in self._container))

    def __repr__(self) -> str:
        return repr(self._container)

    def copy(self) -> list:
        return to_plain(self)


class ImmutableCaseInsensitiveDict(_ReadOnly, Mapping):
    """A read-only mapping whose keys match exactly first, then ignoring case."""

    def __init__(self, container: Mapping):
        self._container = container if isinstance(container, dict) else dict(container)
        # Built on the first lookup that misses the exact key: most lookups hit, and building it
        # for every nested dict of every event was most of an evaluation's cost.
        self._lower: Optional[Dict[str, Any]] = None

    def _resolve(self, key: Any) -> Any:
        if key in self._container:
            return key
        if isinstance(key, str):
            if self._lower is None:
                self._lower = {}
                for name in self._container:
                    if isinstance(name, str):
                        self._lower.setdefault(name.lower(), name)
            real = self._lower.get(key.lower())
            if real is not None:
                return real
        raise KeyError(key)

    def __getitem__(self, key: Any) -> Any:
        return _immutable(self._container[self._resolve(key)])

    def __contains__(self, key: Any) -> bool:
        try:
            self._resolve(key)
            return True
        except KeyError:
            return False

    def __iter__(self):
        return iter(self._container)

    def __len__(self) -> int:
        return len(self._container)

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, ImmutableCaseInsensitiveDict):
            return self._container == other._container
        if isinstance(other, Mapping):
            return self._container == dict(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(json.dumps(self._container, default=json_encoder, sort_keys=True))

    def __repr__(self) -> str:
        return repr(self._container)

    def to_dict(self) -> dict:
        return to_plain(self)

    def copy(self) -> dict:
        return to_plain(self)


# --- a small JSONPath subset for data model Path mappings ---------------------------------------
# Supported: $, .name, ['name'], [n], [*], .*, ..name. Matching is case-sensitive, as in Panther.

_TOKEN = re.compile(
    r"""\.\.(?P<rec>[A-Za-z0-9_@\-]+|\*)
      | \.(?P<field>[A-Za-z0-9_@\-:]+|\*)
      | \[\s*(?P<idx>-?\d+|\*)\s*\]
      | \[\s*'(?P<sq>[^']*)'\s*\]
      | \[\s*"(?P<dq>[^"]*)"\s*\]""",
    re.VERBOSE,
)


class JsonPath:
    def __init__(self, expr: str):
        self.expr = expr
        text = expr.strip()
        if text.startswith("$"):
            text = text[1:]
        elif text:
            text = "." + text
        self.steps: List[tuple] = []
        pos = 0
        while pos < len(text):
            match = _TOKEN.match(text, pos)
            if not match:
                raise ValueError(f"unsupported JSONPath [{expr}] at offset {pos}")
            pos = match.end()
            if match.group("rec") is not None:
                self.steps.append(("rec", match.group("rec")))
            elif match.group("field") is not None:
                name = match.group("field")
                self.steps.append(("any",) if name == "*" else ("field", name))
            elif match.group("idx") is not None:
                idx = match.group("idx")
                self.steps.append(("any",) if idx == "*" else ("index", int(idx)))
            else:
                name = match.group("sq") if match.group("sq") is not None else match.group("dq")
                self.steps.append(("field", name))

    def find(self, root: Any) -> List[tuple]:
        """All (value, concrete path) pairs the expression matches."""
        current: List[tuple] = [(root, [])]
        for step in self.steps:
            nxt: List[tuple] = []
            for value, path in current:
                nxt.extend(self._apply(step, value, path))
            current = nxt
        return current

    def _apply(self, step: tuple, value: Any, path: List[str]) -> List[tuple]:
        kind = step[0]
        if kind == "field":
            if isinstance(value, Mapping) and step[1] in value:
                return [(value[step[1]], path + [step[1]])]
            return []
        if kind == "index":
            if isinstance(value, list) and -len(value) <= step[1] < len(value):
                return [(value[step[1]], path + [f"[{step[1]}]"])]
            return []
        if kind == "any":
            if isinstance(value, Mapping):
                return [(v, path + [k]) for k, v in value.items()]
            if isinstance(value, list):
                return [(v, path + [f"[{i}]"]) for i, v in enumerate(value)]
            return []
        # recursive descent: the named field at any depth
        found: List[tuple] = []
        stack = [(value, path)]
        while stack:
            node, node_path = stack.pop(0)
            if isinstance(node, Mapping):
                if step[1] == "*":
                    found.extend((v, node_path + [k]) for k, v in node.items())
                elif step[1] in node:
                    found.append((node[step[1]], node_path + [step[1]]))
                stack.extend((v, node_path + [k]) for k, v in node.items())
            elif isinstance(node, list):
                stack.extend((v, node_path + [f"[{i}]"]) for i, v in enumerate(node))
        return found


class DataModel:
    """A log type's unified data model: Name -> Path (JSONPath) or Method (a function of its body)."""

    def __init__(self, data_model_id: str, mappings: List[dict], module: Any = None):
        self.data_model_id = data_model_id
        self.paths: Dict[str, JsonPath] = {}
        self.methods: Dict[str, Callable] = {}
        for mapping in mappings:
            name = mapping["name"]
            if mapping.get("path") is not None:
                self.paths[name] = JsonPath(mapping["path"])
            elif mapping.get("method") is not None:
                method = getattr(module, mapping["method"], None) if module is not None else None
                if not callable(method):
                    raise AttributeError(
                        f"data model [{data_model_id}] has no function [{mapping['method']}] for [{name}]"
                    )
                self.methods[name] = method
            else:
                raise ValueError(f"data model [{data_model_id}] mapping [{name}] needs a path or a method")


def _case_insensitive_get(obj: Mapping, key: Any, default: Any) -> Any:
    if isinstance(obj, ImmutableCaseInsensitiveDict):
        return obj.get(key, default)
    if key in obj:
        return obj[key]
    if isinstance(key, str):
        lowered = key.lower()
        for real in obj:
            if isinstance(real, str) and real.lower() == lowered:
                return obj[real]
    return default


def _is_list(value: Any) -> bool:
    return isinstance(value, (list, tuple, ImmutableList))


class PantherEvent(ImmutableCaseInsensitiveDict):
    """The read-only event a rule receives, with data model access."""

    json_encoder = staticmethod(json_encoder)

    def __init__(self, event: Mapping, data_model: Optional[DataModel] = None):
        super().__init__(to_plain(event) if not isinstance(event, dict) else event)
        self.data_model = data_model

    def deep_get(self, *keys: Any, default: Any = None) -> Any:
        out: Any = self
        for key in keys:
            if isinstance(out, Mapping):
                out = out.get(key, default)
            else:
                out = default
        return default if out is None else out

    def deep_walk(self, *keys: Any, default: Any = None, return_val: str = "all") -> Any:
        found: List[Any] = []

        def add(value: Any) -> None:
            if value not in found:
                found.append(value)

        def walk(obj: Any, rest: tuple) -> None:
            if not rest:
                if _is_list(obj):
                    for item in obj:
                        if _is_list(item):
                            walk(item, rest)
                        elif item is not None:
                            add(to_plain(item))
                elif obj is not None:
                    add(to_plain(obj))
                return
            if isinstance(obj, Mapping):
                nxt = _case_insensitive_get(obj, rest[0], None)
                if nxt is not None:
                    walk(nxt, rest[1:])
            elif _is_list(obj):
                for item in obj:
                    walk(item, rest)

        walk(self._container, keys)
        if not found:
            return default
        if return_val == "first":
            return found[0]
        if return_val == "last":
            return found[-1]
        return found[0] if len(found) == 1 else found

    def _path_match(self, key: str) -> Optional[tuple]:
        if self.data_model is None or key not in self.data_model.paths:
            return None
        json_path = self.data_model.paths[key]
        matches = json_path.find(self._container)
        if not matches:
            return None
        if len(matches) > 1:
            raise Exception(
                f"JSONPath [{json_path.expr}] in DataModel [{self.data_model.data_model_id}], matched multiple fields."
            )
        return matches[0]

    def udm(self, *key: str, default: Any = None) -> Any:
        model = self.data_model
        if len(key) == 1 and model is not None:
            match = self._path_match(key[0])
            if match is not None:
                return _immutable(match[0])
            method = model.methods.get(key[0])
            if method is not None:
                return _immutable(method(PantherEvent(self._container, model)))
            # a mapping that exists but found nothing does not fall back to p_udm
            if key[0] in model.paths or key[0] in model.methods:
                return default
        if key:
            result = self.deep_get("p_udm", *key)
            if not result:
                result = self.deep_get(*key)
            if result:
                return result
        return default

    def udm_path(self, key: str) -> Optional[str]:
        if self.data_model is None:
            raise PantherError(f"a data model is required for this log type: {self._container.get('p_log_type')}")
        match = self._path_match(key)
        if match is not None:
            return ".".join(match[1])
        method = self.data_model.methods.get(key)
        if method is not None:
            return getattr(method, "__name__", repr(method))
        return None

    def lookup(self, lookup_name: str, lookup_key: str) -> Any:
        return self.deep_get("_mocked_lookup_data_", lookup_name, lookup_key)

    def event_time_epoch(self, force_utc: bool = True) -> int:
        text = str(self.get("p_event_time") or "").strip().replace("T", " ").rstrip("Z")
        for fmt in ("%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
            try:
                parsed = datetime.strptime(text[:26], fmt)
                return int(parsed.replace(tzinfo=timezone.utc).timestamp())
            except ValueError:
                continue
        return 0
