"""The JSON Schema of `plans.json` (`plans.schema.json`, beside this module): one file, published as it
is (`data/plans.schema.json`) and read for the Data page's dictionary, so each field is described once.

Every property in the schema carries its `description` (Markdown: `code`, *emphasis*); `schema_fields`
walks the schema in its own order and gives each field's path, type in words and description:

    >>> fields = {f.path: f for f in schema_fields()}
    >>> fields["plans[].provider.name"].type, fields["plans[].submitted"].type
    ('string', 'date or null')
    >>> fields["plans[].recommendations[].themes"].type, fields["plans[].inspection"].type
    ('array of strings', 'object')
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

SCHEMA_FILE = "plans.schema.json"

# A `$ref` to `#/$defs/date` is a string as precise as its source (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) or
# null: the dictionary calls it a date.
_WORDS_BY_DEF = {"date": "date or null"}
_JSON_TYPES = {str: "string", int: "integer", bool: "boolean", type(None): "null"}

Node = Mapping[str, Any]


@dataclass(frozen=True)
class Field:
    """One field of `plans.json`: `plans[].provider.name` is the `name` of the `provider` of each item of
    `plans`; `type` as the dictionary words it (`string or null (optional)`); `description` in Markdown."""

    path: str
    type: str
    description: str


def schema_text() -> str:
    """The schema's file, as published beside `plans.json`."""
    return files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def schema_fields() -> tuple[Field, ...]:
    """Every field the schema allows, depth first in the schema's order. A property without a
    `description` is an error: the dictionary would have nothing to say about it."""
    schema = json.loads(schema_text())
    return tuple(_fields(schema, schema["$defs"], ""))


def _fields(node: Node, defs: Node, prefix: str) -> Iterator[Field]:
    node = _resolve(node, defs)
    for branch in node.get("oneOf", ()):
        yield from _fields(branch, defs, prefix)
    required = set(node.get("required", ()))
    for key, sub in node.get("properties", {}).items():
        path = f"{prefix}.{key}" if prefix else key
        if "description" not in sub:
            raise ValueError(f"{SCHEMA_FILE}: {path} has no description")
        optional = "" if key in required else " (optional)"
        yield Field(path, _type_words(sub, defs) + optional, sub["description"])
        yield from _fields(sub, defs, path)
    if "items" in node:
        yield from _fields(node["items"], defs, prefix + "[]")


def _resolve(node: Node, defs: Node) -> Node:
    while "$ref" in node:
        node = defs[node["$ref"].removeprefix("#/$defs/")]
    return node


def _type_words(node: Node, defs: Node) -> str:
    """A schema node's type in words: `string`, `object or null`, `array of integers`, `date or null`."""
    if "$ref" in node and node["$ref"].removeprefix("#/$defs/") in _WORDS_BY_DEF:
        return _WORDS_BY_DEF[node["$ref"].removeprefix("#/$defs/")]
    types = _types(_resolve(node, defs), defs)
    words = [t for t in types if t != "null"] + [t for t in types if t == "null"]
    return " or ".join(dict.fromkeys(words))


def _types(node: Node, defs: Node) -> list[str]:
    if "oneOf" in node:
        return [word for branch in node["oneOf"] for word in _type_words(branch, defs).split(" or ")]
    if "const" in node or "enum" in node:
        return [_JSON_TYPES[type(value)] for value in node.get("enum", [node.get("const")])]
    kinds = node["type"] if isinstance(node["type"], list) else [node["type"]]
    if kinds == ["array"]:
        items = _type_words(node["items"], defs)
        return ["array" if items == "object" else f"array of {items}s"]
    return list(kinds)
