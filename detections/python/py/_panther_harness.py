"""Runs Panther-format detections inside the Pyodide worker. Every entry point takes and returns
JSON strings, so nothing but strings crosses the JS/Python boundary (no proxies to leak)."""

import importlib
import json
import os
import re
import sys
import types
from collections.abc import Mapping
from contextlib import nullcontext
from typing import Any, Dict, List
from unittest.mock import MagicMock, patch

from panther_core import DataModel, ImmutableCaseInsensitiveDict, ImmutableList, PantherEvent

GLOBALS_DIR = "/panther/globals"
AUX_FUNCTIONS = ["title", "dedup", "alert_context", "severity", "description", "reference", "runbook", "destinations", "unique"]

os.makedirs(GLOBALS_DIR, exist_ok=True)
if GLOBALS_DIR not in sys.path:
    sys.path.insert(0, GLOBALS_DIR)

_global_ids: List[str] = []
_data_models: Dict[str, DataModel] = {}  # by log type
_detections: Dict[str, Dict[str, Any]] = {}


class _NotJsonLike(Exception):
    pass


def error_message(err: BaseException) -> str:
    text = str(err)
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


def to_json_like(value: Any, depth: int = 0) -> Any:
    """The value as plain JSON-like data; raises _NotJsonLike for anything else."""
    if depth > 100:
        raise _NotJsonLike("value nested too deeply")
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise _NotJsonLike(f"Out of range float value {value!r} is not JSON compliant")
        return value
    if isinstance(value, (ImmutableCaseInsensitiveDict, Mapping)) and not isinstance(value, MagicMock):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                if isinstance(key, (int, float, bool)) or key is None:
                    key = json.dumps(key)
                else:
                    raise _NotJsonLike(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
            out[key] = to_json_like(item, depth + 1)
        return out
    if isinstance(value, (list, tuple, ImmutableList)):
        return [to_json_like(item, depth + 1) for item in value]
    raise _NotJsonLike(f"Object of type {type(value).__name__} is not JSON serializable")


def _module_name(kind: str, ident: str) -> str:
    return f"_panther_{kind}_" + re.sub(r"[^0-9A-Za-z_]", "_", ident)


def _exec_module(name: str, filename: str, body: str) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__file__ = filename
    code = compile(body, filename, "exec")
    sys.modules[name] = module
    try:
        exec(code, module.__dict__)  # pylint: disable=exec-used
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


def load_globals(request_json: str) -> str:
    """Writes each global as <GlobalID>.py on sys.path, so `import <GlobalID>` works in any order."""
    items = json.loads(request_json)
    for ident in _global_ids:
        sys.modules.pop(ident, None)
    errors: Dict[str, str] = {}
    os.makedirs(GLOBALS_DIR, exist_ok=True)
    for item in items:
        ident, body = item["id"], item["body"]
        try:
            compile(body, f"{ident}.py", "exec")
        except SyntaxError as err:
            errors[ident] = error_message(err)
        with open(os.path.join(GLOBALS_DIR, f"{ident}.py"), "w", encoding="utf-8") as handle:
            handle.write(body)
        if ident not in _global_ids:
            _global_ids.append(ident)
    importlib.invalidate_caches()
    return json.dumps({"errors": errors})


def load_data_models(request_json: str) -> str:
    items = json.loads(request_json)
    errors: Dict[str, str] = {}
    for item in items:
        ident = item["id"]
        try:
            module = None
            if item.get("body"):
                module = _exec_module(_module_name("datamodel", ident), f"{ident}.py", item["body"])
            model = DataModel(ident, item.get("mappings", []), module)
            for log_type in item.get("logTypes", []):
                _data_models[log_type] = model
        except Exception as err:  # pylint: disable=broad-except
            errors[ident] = error_message(err)
    return json.dumps({"errors": errors})


def load_detection(request_json: str) -> str:
    item = json.loads(request_json)
    ident, kind = item["id"], item["kind"]
    main = "policy" if kind == "policy" else "rule"
    try:
        module = _exec_module(_module_name("detection", ident), f"{ident}.py", item["body"])
    except Exception as err:  # pylint: disable=broad-except
        return json.dumps({"error": error_message(err)})
    if not callable(getattr(module, main, None)):
        return json.dumps({"error": f"AttributeError: {ident} defines no {main}() function"})
    _detections[ident] = {"module": module, "main": main}
    return json.dumps({"error": None})


def _call(out: Dict[str, Any], name: str, func: Any, event: Any, key: str) -> Any:
    """Calls one function, recording its JSON-like value under out[key][name] or its error."""
    try:
        value = func(event)
    except Exception as err:  # pylint: disable=broad-except
        out["errors"][name] = error_message(err)
        return None
    try:
        converted = to_json_like(value)
    except _NotJsonLike as err:
        out["errors"][name] = f"TypeError: {err}"
        return None
    if key == "matched":
        out["matched"] = converted
        out["hasMatched"] = True
    else:
        out["aux"][name] = converted
    return value


def _detection(ident: str) -> Dict[str, Any]:
    detection = _detections.get(ident)
    if detection is None:
        raise KeyError(f"detection not loaded: {ident}")
    return detection


def _run_event(module: Any, main: str, options: Dict[str, Any], raw: Any) -> Dict[str, Any]:
    """rule()/policy() and its aux functions on one parsed event; timedOut when interrupted."""
    out: Dict[str, Any] = {"aux": {}, "errors": {}, "hasMatched": False, "matched": None}
    log_type = raw.get("p_log_type") if isinstance(raw, dict) else None
    event: Any
    if main == "policy":
        # panther_analysis_tool hands policies the resource as a plain dict, not a PantherEvent
        event = raw
    else:
        model = _data_models.get(log_type) if isinstance(log_type, str) else None
        event = PantherEvent(raw if isinstance(raw, dict) else {}, model)
    # as panther_analysis_tool: returnValue passed as is; entries lacking a key are skipped
    mocks = {
        mock["objectName"]: MagicMock(return_value=mock["returnValue"])
        for mock in options.get("mocks") or []
        if "objectName" in mock and "returnValue" in mock
    }
    try:
        # patch.multiple restores every name on exit, so a mock never outlives this run
        with patch.multiple(module, **mocks) if mocks else nullcontext():
            value = _call(out, main, getattr(module, main), event, "matched")
            alerting = (value is False) if main == "policy" else (value is True)
            # tests (expectMatch) run every function, like panther_analysis_tool does
            if options.get("expectMatch") or (main not in out["errors"] and alerting):
                for name in AUX_FUNCTIONS:
                    func = getattr(module, name, None)
                    if callable(func):
                        _call(out, name, func, event, "aux")
    except KeyboardInterrupt:
        out["timedOut"] = True
    except Exception as err:  # pylint: disable=broad-except
        # e.g. a mock naming something the module does not define (patch raises AttributeError)
        out["errors"][main] = error_message(err)
    return out


def run(ident: str, event_json: str, options_json: str) -> str:
    detection = _detection(ident)
    out = _run_event(detection["module"], detection["main"], json.loads(options_json), json.loads(event_json))
    return json.dumps(out)


_progress: Any = None


def set_progress(callback: Any) -> None:
    """callback(i) is called as event i of a batch starts: the host's per-event time limit."""
    global _progress  # pylint: disable=global-statement
    _progress = callback


def run_batch(ident: str, events_json: str, options_json: str) -> str:
    """run() over a JSON array of events. Stops at the first interrupted event: "results" holds
    the events done before it, "timedOutAt" its index (absent when every event ran)."""
    detection = _detection(ident)
    module, main = detection["module"], detection["main"]
    options = json.loads(options_json)
    events = json.loads(events_json)
    results: List[Dict[str, Any]] = []
    try:
        for index, raw in enumerate(events):
            if _progress is not None:
                _progress(index)
            out = _run_event(module, main, options, raw)
            if out.get("timedOut"):
                return json.dumps({"results": results, "timedOutAt": index})
            results.append(out)
    except KeyboardInterrupt:
        # landed outside a detection function: every event not in results is not done
        return json.dumps({"results": results, "timedOutAt": len(results)})
    return json.dumps({"results": results})


def reset_cache() -> str:
    from panther_detection_helpers import caching  # pylint: disable=import-outside-toplevel

    caching._reset_all()  # pylint: disable=protected-access
    return "{}"


def add_paths(paths_json: str) -> str:
    for path in reversed(json.loads(paths_json)):
        if path not in sys.path:
            sys.path.insert(0, path)
    importlib.invalidate_caches()
    return "{}"
