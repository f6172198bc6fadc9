"""A tiny JSON Schema checker for the subset the API's OpenAPI document uses ($ref, oneOf,
type lists, properties, required, additionalProperties, items, enum, uri/date/date-time
formats). jsonschema is not a dependency; this is enough to hold responses to the
document."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


def _type_ok(value: Any, name: str) -> bool:
    if isinstance(value, bool) and name in {"integer", "number"}:
        return False
    return isinstance(value, TYPES[name])


def _format_ok(value: Any, fmt: str) -> bool:
    if not isinstance(value, str):
        return True
    if fmt == "uri":
        return value.startswith(("http://", "https://"))
    try:
        if fmt == "date-time":
            return datetime.fromisoformat(value).tzinfo is not None
        if fmt == "date":
            date.fromisoformat(value)
    except ValueError:
        return False
    return True


def resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def problems(value: Any, schema: dict[str, Any], root: dict[str, Any], at: str = "$") -> list[str]:
    """Every way ``value`` breaks ``schema`` (an empty list: it conforms)."""
    schema = resolve(schema, root)
    if "oneOf" in schema:
        matching = [s for s in schema["oneOf"] if not problems(value, s, root, at)]
        return [] if len(matching) == 1 else [f"{at}: matches {len(matching)} of oneOf"]
    found: list[str] = []
    kinds = schema.get("type")
    if kinds is not None:
        names = [kinds] if isinstance(kinds, str) else kinds
        if not any(_type_ok(value, n) for n in names):
            return [f"{at}: {type(value).__name__} is not {names}"]
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{at}: {value!r} not in {schema['enum']}")
    if "format" in schema and not _format_ok(value, schema["format"]):
        found.append(f"{at}: {value!r} is not a {schema['format']}")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        found += [f"{at}: missing {key}" for key in schema.get("required", []) if key not in value]
        if schema.get("additionalProperties") is False:
            found += [f"{at}: unexpected {key}" for key in value if key not in properties]
        for key, sub in properties.items():
            if key in value:
                found += problems(value[key], sub, root, f"{at}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            found += problems(item, schema["items"], root, f"{at}[{i}]")
    return found
