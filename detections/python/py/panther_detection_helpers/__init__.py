"""Panther's detection helpers package; `caching` is the key-value store rules use."""
