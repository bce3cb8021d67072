"""The parsed records of each document, kept in the database so that a later
build re-reads only the documents that changed.

A document's records are stored as compressed JSON, never as a pickle: a
database file may come from elsewhere, and loading a pickle would run code.
The dataclasses of ``malicli.sources.records`` and ``malicli.dates`` are
written generically through :func:`dataclasses.fields`, so a field added to a
record is kept without a change here; only those classes can be read back.

The parser version is a hash of the code and data the build depends on
(:func:`malicli.paths.code_files`): records cached by another version are
never used.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import zlib
from functools import cache
from typing import Any

from .. import dates, paths
from ..sources import records
from ..sources.records import Document

_TAG = "@"


@cache
def parser_version() -> str:
    """A hash of the schema version, the package version and every code and data file a build reads."""
    from .. import __version__

    h = hashlib.sha256(f"{paths.SCHEMA_VERSION}|{__version__}".encode())
    for path in paths.code_files():
        h.update(os.path.relpath(path, paths.PACKAGE).encode("utf-8", "surrogateescape") + b"\0")
        try:
            with open(path, "rb") as f:
                h.update(f.read())
        except OSError:
            h.update(b"-")
        h.update(b"\0")
    return h.hexdigest()[:32]


_HOME = ("malicli.sources.records", "malicli.dates")  # their classes are named without their module
_ALLOWED = ("malicli.sources", "malicli.dates")  # no record of another module is read back
_MISSING = object()


@cache
def _classes() -> dict[str, type]:
    """The record classes of ``_HOME``, by name."""
    out: dict[str, type] = {}
    for module in (records, dates):
        for name, value in vars(module).items():
            if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ in _HOME:
                out[name] = value
    return out


def _class(tag: str) -> type:
    """The record class of a tag; ValueError for one the cache may not read back."""
    cls = _classes().get(tag)
    if cls is None and ":" in tag:
        module, _, name = tag.partition(":")
        if module.startswith(_ALLOWED):
            import importlib

            try:
                cls = getattr(importlib.import_module(module), name, None)
            except ImportError:
                cls = None
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        raise ValueError(f"not a record the cache knows: {tag!r}")
    return cls


@cache
def _shape(cls: type) -> tuple[str, tuple[tuple[str, Any], ...]]:
    """(tag, ((field name, default), ...)) of a record class; fields at their default are left out."""
    tag = cls.__name__ if cls.__module__ in _HOME else f"{cls.__module__}:{cls.__qualname__}"
    fields = []
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            default = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        else:
            default = _MISSING
        fields.append((f.name, default))
    return tag, tuple(fields)


def _plain(value: Any) -> Any:
    """A record as JSON-ready values: dataclasses and tuples tagged with their kind."""
    kind = type(value)
    if value is None or kind is str or kind is int or kind is float or kind is bool:
        return value
    if kind is list:
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        tag, fields = _shape(kind)
        out = {_TAG: tag}
        for name, default in fields:
            v = getattr(value, name)
            if default is _MISSING or v != default:
                out[name] = _plain(v)
        return out
    if isinstance(value, tuple):
        return {_TAG: "tuple", "items": [_plain(v) for v in value]}
    if isinstance(value, dict):
        return {_TAG: "dict", "items": [[_plain(k), _plain(v)] for k, v in value.items()]}
    if isinstance(value, str | int | float):
        return value
    raise TypeError(f"cannot store a {type(value).__name__} in the document cache")


def _record(value: Any) -> Any:
    """The inverse of :func:`_plain`; ValueError for anything that is not a known record."""
    if isinstance(value, list):
        return [_record(v) for v in value]
    if not isinstance(value, dict):
        return value
    kind = value.get(_TAG)
    if kind == "tuple":
        return tuple(_record(v) for v in value["items"])
    if kind == "dict":
        return {_record(k): _record(v) for k, v in value["items"]}
    if not isinstance(kind, str):
        raise ValueError("a cached value without its kind")
    cls = _class(kind)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    args: dict[str, Any] = {}
    late: dict[str, Any] = {}
    for name, v in value.items():
        if name == _TAG:
            continue
        if name not in fields:
            raise ValueError(f"{kind} has no field {name!r}")
        (args if fields[name].init else late)[name] = _record(v)
    obj = cls(**args)
    for name, v in late.items():
        object.__setattr__(obj, name, v)
    return obj


def dump(document: Document, text: str) -> bytes:
    """A document's records and its text as compressed JSON."""
    data = json.dumps({"document": _plain(document), "text": text}, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(data.encode("utf-8"), 6)


def load(blob: bytes) -> tuple[Document, str]:
    """(records, text) from :func:`dump`; ValueError when the blob is not one."""
    try:
        data = json.loads(zlib.decompress(blob).decode("utf-8"))
    except (zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"unreadable cache entry ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise ValueError("unreadable cache entry")
    try:
        document = _record(data.get("document"))
    except (TypeError, KeyError) as exc:
        raise ValueError(f"unreadable cache entry ({exc})") from None
    if not isinstance(document, Document):
        raise ValueError("unreadable cache entry: not a document")
    return document, data["text"]


def file_digest(path: str) -> str:
    """The SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
