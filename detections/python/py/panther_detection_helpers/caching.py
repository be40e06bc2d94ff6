"""panther_detection_helpers.caching backed by an in-memory store inside the Python worker.

The function names and signatures follow Panther's module (DynamoDB-backed there). Expired keys
read as absent here (Panther only enforces that with force_ttl_check). Bridging the async
CacheStore port (detections/types.ts) synchronously into Python is a later step.
"""

import json
import time
from collections.abc import Mapping
from typing import Any, Dict, Optional, Sequence, Set, Union

_EPOCH_SECONDS_DELTA_DEFAULT = 90 * 24 * 60 * 60  # 90 days, as Panther

# key -> {"count": int, "set": set, "dict": str, "expires": int}
_STORE: Dict[str, Dict[str, Any]] = {}


def _now() -> float:
    return time.time()


def _finalize_epoch_seconds(epoch_seconds: Any) -> int:
    if isinstance(epoch_seconds, str):
        epoch_seconds = float(epoch_seconds)
    if isinstance(epoch_seconds, float):
        epoch_seconds = int(epoch_seconds)
    if not isinstance(epoch_seconds, int) or isinstance(epoch_seconds, bool):
        epoch_seconds = int(_now()) + _EPOCH_SECONDS_DELTA_DEFAULT
    # small values are a delta from now, as in Panther
    if epoch_seconds < 1000000000:
        epoch_seconds = int(_now()) + epoch_seconds
    return epoch_seconds


def _item(key: str) -> Dict[str, Any]:
    item = _STORE.get(key)
    if item is not None and item.get("expires") is not None and item["expires"] <= _now():
        del _STORE[key]
        item = None
    if item is None:
        item = {}
        _STORE[key] = item
    return item


def _peek(key: str) -> Dict[str, Any]:
    item = _STORE.get(key)
    if item is not None and item.get("expires") is not None and item["expires"] <= _now():
        del _STORE[key]
        return {}
    return item or {}


def kv_table() -> Any:
    raise NotImplementedError("kv_table(): the DynamoDB table is not available in this runtime")


def ttl_expired(response: dict) -> bool:
    expiration = response.get("Item", {}).get("expiresAt", 0)
    return bool(expiration) and float(expiration) <= _now()


def get_counter(key: str, force_ttl_check: bool = False) -> int:
    return int(_peek(key).get("count", 0))


def increment_counter(key: str, val: int = 1, epoch_seconds: Optional[int] = _EPOCH_SECONDS_DELTA_DEFAULT) -> int:
    item = _item(key)
    item["count"] = int(item.get("count", 0)) + val
    if epoch_seconds is not None:
        item["expires"] = _finalize_epoch_seconds(epoch_seconds)
    return item["count"]


def reset_counter(key: str) -> None:
    _peek(key).pop("count", None)


def set_key_expiration(key: str, epoch_seconds: Optional[int]) -> None:
    _item(key)["expires"] = _finalize_epoch_seconds(epoch_seconds)


def get_string_set(key: str, force_ttl_check: bool = False) -> Set[str]:
    return set(_peek(key).get("set", set()))


def put_string_set(key: str, val: Sequence[str], epoch_seconds: Optional[int] = None) -> None:
    if not val:
        reset_string_set(key)
        return
    item = _item(key)
    item["set"] = set(val)
    item["expires"] = _finalize_epoch_seconds(epoch_seconds)


def add_to_string_set(
    key: str, val: Union[str, Sequence[str]], epoch_seconds: Optional[int] = _EPOCH_SECONDS_DELTA_DEFAULT
) -> Set[str]:
    values = {val} if isinstance(val, str) else set(val)
    if not values:
        return get_string_set(key)
    item = _item(key)
    item["set"] = set(item.get("set", set())) | values
    if epoch_seconds is not None:
        item["expires"] = _finalize_epoch_seconds(epoch_seconds)
    return set(item["set"])


def remove_from_string_set(
    key: str, val: Union[str, Sequence[str]], epoch_seconds: Optional[int] = _EPOCH_SECONDS_DELTA_DEFAULT
) -> Set[str]:
    values = {val} if isinstance(val, str) else set(val)
    if not values:
        return get_string_set(key)
    item = _item(key)
    item["set"] = set(item.get("set", set())) - values
    if epoch_seconds is not None:
        item["expires"] = _finalize_epoch_seconds(epoch_seconds)
    return set(item["set"])


def reset_string_set(key: str) -> None:
    _peek(key).pop("set", None)


def put_dictionary(key: str, val: dict, epoch_seconds: Optional[int] = None) -> None:
    if not isinstance(val, Mapping):
        raise TypeError("put_dictionary: value is not a dictionary")
    try:
        data = json.dumps(val)
    except TypeError as exc:
        raise ValueError("put_dictionary: value is a dictionary, but it is not JSON serializable") from exc
    item = _item(key)
    item["dict"] = data
    item["expires"] = _finalize_epoch_seconds(epoch_seconds)


def get_dictionary(key: str, force_ttl_check: bool = False) -> dict:
    data = _peek(key).get("dict")
    return json.loads(data) if data else {}


def evaluate_threshold(key: str, threshold: int = 10, expiry_seconds: int = 3600) -> bool:
    """Count one occurrence; True (and reset) once the count in the window reaches threshold."""
    count = increment_counter(key, epoch_seconds=None)
    if count == 1:
        set_key_expiration(key, int(_now()) + expiry_seconds)
    if count >= threshold:
        reset_counter(key)
        return True
    return False


def _reset_all() -> None:
    """Empties the store (the engine exposes it for tests and local runs)."""
    _STORE.clear()
