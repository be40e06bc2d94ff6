"""panther_detection_helpers.caching: Panther's key-value helpers for stateful rules.

The function names, signatures and TTL conventions follow Panther's module (DynamoDB-backed
there). The state lives behind a backend with the operations of the host's CacheStore port
(detections/types.ts): by default an in-memory store inside this interpreter (lost when the run
ends); when the host gives a store, set_bridge() installs a synchronous call into it (the worker
blocks while the main thread performs the call), so counters and sets persist across batches and
runs, on DynamoDB on AWS and in a file locally.

Differences from Panther, all towards a key reading as it was last written:
- A key past its expiry reads as absent always (Panther only with force_ttl_check, since DynamoDB
  deletes expired items lazily), and a write to it starts from empty.
- reset_counter() and put_string_set() change only their own value of the key (Panther's put_item
  also drops the key's other values and its expiry).
- evaluate_threshold() sets the key's expiry once, when the window's first occurrence is counted
  (Panther's increment also moves it to 90 days from now on later occurrences).
"""

import json
import time
from collections.abc import Mapping
from typing import Any, Callable, Dict, List, Optional, Sequence, Set, Union

_EPOCH_SECONDS_DELTA_DEFAULT = 90 * 24 * 60 * 60  # 90 days, as Panther
_RELATIVE_LIMIT = 604801  # Panther: epoch_seconds below this are seconds from now


def _now() -> float:
    return time.time()


def _expiry(epoch_seconds: Any) -> int:
    """Panther's epoch_seconds argument as an absolute expiry in epoch seconds."""
    if isinstance(epoch_seconds, str):
        try:
            epoch_seconds = float(epoch_seconds)
        except ValueError:
            epoch_seconds = None
    if isinstance(epoch_seconds, float):
        epoch_seconds = int(epoch_seconds)
    if not isinstance(epoch_seconds, int):
        return int(_now()) + _EPOCH_SECONDS_DELTA_DEFAULT
    if epoch_seconds < _RELATIVE_LIMIT:
        return int(_now()) + epoch_seconds
    return epoch_seconds


class _MemoryBackend:
    """The CacheStore operations on a dict: {key: {"count", "set", "dict", "expiresAt"}}."""

    def __init__(self) -> None:
        self.entries: Dict[str, Dict[str, Any]] = {}

    def _read(self, key: str) -> Optional[Dict[str, Any]]:
        entry = self.entries.get(key)
        if entry is not None and entry.get("expiresAt") is not None and entry["expiresAt"] <= _now():
            del self.entries[key]
            return None
        return entry

    def _write(self, key: str, expires_at: Optional[int]) -> Dict[str, Any]:
        entry = self._read(key)
        if entry is None:
            entry = {}
            self.entries[key] = entry
        if expires_at is not None:
            entry["expiresAt"] = expires_at
        return entry

    def getCounter(self, key: str) -> int:  # pylint: disable=invalid-name
        return int((self._read(key) or {}).get("count", 0))

    def incrementCounter(self, key: str, by: int, expires_at: Optional[int] = None) -> int:  # pylint: disable=invalid-name
        entry = self._write(key, expires_at)
        entry["count"] = int(entry.get("count", 0)) + by
        return entry["count"]

    def resetCounter(self, key: str) -> None:  # pylint: disable=invalid-name
        self._write(key, None).pop("count", None)

    def getStringSet(self, key: str) -> List[str]:  # pylint: disable=invalid-name
        return sorted((self._read(key) or {}).get("set", set()))

    def putStringSet(self, key: str, values: List[str], expires_at: Optional[int] = None) -> None:  # pylint: disable=invalid-name
        entry = self._write(key, expires_at)
        if values:
            entry["set"] = set(values)
        else:
            entry.pop("set", None)

    def addToStringSet(self, key: str, values: List[str], expires_at: Optional[int] = None) -> List[str]:  # pylint: disable=invalid-name
        entry = self._write(key, expires_at)
        entry["set"] = set(entry.get("set", set())) | set(values)
        return sorted(entry["set"])

    def removeFromStringSet(self, key: str, values: List[str], expires_at: Optional[int] = None) -> List[str]:  # pylint: disable=invalid-name
        entry = self._write(key, expires_at)
        entry["set"] = set(entry.get("set", set())) - set(values)
        return sorted(entry["set"])

    def resetStringSet(self, key: str) -> None:  # pylint: disable=invalid-name
        self._write(key, None).pop("set", None)

    def getDictionary(self, key: str) -> Optional[str]:  # pylint: disable=invalid-name
        return (self._read(key) or {}).get("dict")

    def putDictionary(self, key: str, data: str, expires_at: Optional[int] = None) -> None:  # pylint: disable=invalid-name
        self._write(key, expires_at)["dict"] = data

    def setKeyExpiration(self, key: str, expires_at: int) -> None:  # pylint: disable=invalid-name
        self._write(key, expires_at)


_MEMORY = _MemoryBackend()
# The host's synchronous call into its CacheStore: bridge(op, args_json) -> reply_json.
_BRIDGE: Optional[Callable[[str, str], str]] = None


def set_bridge(bridge: Optional[Callable[[str, str], str]]) -> None:
    """Installs (or, with None, removes) the host's CacheStore; the worker calls it at startup."""
    global _BRIDGE  # pylint: disable=global-statement
    _BRIDGE = bridge


def _call(op: str, *args: Any) -> Any:
    if _BRIDGE is None:
        return getattr(_MEMORY, op)(*args)
    reply = json.loads(_BRIDGE(op, json.dumps(list(args))))
    if reply.get("interrupted"):
        # the detection's time limit passed while the host was answering
        raise KeyboardInterrupt()
    if "error" in reply:
        raise RuntimeError(f"panther_detection_helpers.caching: {reply['error']}")
    return reply.get("value")


def _strings(val: Union[str, Sequence[str]]) -> List[str]:
    return sorted({val} if isinstance(val, str) else {str(v) for v in val})


def kv_table() -> Any:
    raise NotImplementedError("kv_table(): the DynamoDB table is not available to detections here")


def ttl_expired(response: dict) -> bool:
    expiration = response.get("Item", {}).get("expiresAt", 0)
    return bool(expiration) and float(expiration) <= _now()


def get_counter(key: str, force_ttl_check: bool = False) -> int:  # pylint: disable=unused-argument
    return int(_call("getCounter", key))


def increment_counter(key: str, val: int = 1, epoch_seconds: Optional[int] = None) -> int:
    return int(_call("incrementCounter", key, val, _expiry(epoch_seconds)))


def reset_counter(key: str) -> None:
    _call("resetCounter", key)


def set_key_expiration(key: str, epoch_seconds: Optional[int]) -> None:
    _call("setKeyExpiration", key, _expiry(epoch_seconds))


def get_string_set(key: str, force_ttl_check: bool = False) -> Set[str]:  # pylint: disable=unused-argument
    return set(_call("getStringSet", key))


def put_string_set(key: str, val: Sequence[str], epoch_seconds: Optional[int] = None) -> None:
    _call("putStringSet", key, _strings(val) if val else [], _expiry(epoch_seconds))


def add_to_string_set(key: str, val: Union[str, Sequence[str]], epoch_seconds: Optional[int] = None) -> Set[str]:
    values = _strings(val)
    if not values:
        return get_string_set(key)
    return set(_call("addToStringSet", key, values, _expiry(epoch_seconds)))


def remove_from_string_set(key: str, val: Union[str, Sequence[str]], epoch_seconds: Optional[int] = None) -> Set[str]:
    values = _strings(val)
    if not values:
        return get_string_set(key)
    return set(_call("removeFromStringSet", key, values, _expiry(epoch_seconds)))


def reset_string_set(key: str) -> None:
    _call("resetStringSet", key)


def put_dictionary(key: str, val: dict, epoch_seconds: Optional[int] = None) -> None:
    if not isinstance(val, Mapping):
        raise TypeError("panther_oss_helpers.put_dictionary: value is not a dictionary")
    try:
        data = json.dumps(val)
    except TypeError as exc:
        raise ValueError("panther_oss_helpers.put_dictionary: value is a dictionary, but it is not JSON serializable") from exc
    _call("putDictionary", key, data, _expiry(epoch_seconds))


def get_dictionary(key: str, force_ttl_check: bool = False) -> dict:  # pylint: disable=unused-argument
    data = _call("getDictionary", key)
    if not data:
        return {}
    try:
        return json.loads(data)
    except json.decoder.JSONDecodeError as exc:
        raise ValueError("panther_oss_helpers.get_dictionary: Data found could not be decoded into JSON") from exc


def evaluate_threshold(key: str, threshold: int = 10, expiry_seconds: int = 3600) -> bool:
    """Count one occurrence; True (and reset) once the count in the window reaches threshold."""
    count = int(_call("incrementCounter", key, 1, None))
    if count == 1:
        set_key_expiration(key, int(_now()) + expiry_seconds)
    if count >= threshold:
        reset_counter(key)
        return True
    return False


def check_account_age(key: Any) -> bool:
    """Whether an indicator-creation rule stored a string set under key (a new user or account)."""
    if isinstance(key, str) and key != "":
        return bool(get_string_set(key))
    return False


def _reset_all() -> None:
    """Empties the in-memory store (the engine exposes it for tests and local runs)."""
    _MEMORY.entries.clear()
