"""The error answers of the API, documented on every operation of the schema.

drf-spectacular documents what a view answers when it succeeds; the API also answers
400 (the fields or query parameters are wrong: ``{"field": ["message", ...]}``), 401 (no
or a bad token), 403 (the role may not, or a rule of the domain refused: ``{"detail":
"..."}``), 404 (a record of the path that does not exist or is out of the caller's scope)
and 409 (the record changed since it was read). Each operation gets those it can give,
unless the view documents its own (an import's 409 carries the batch). The schema fuzzer
(``api/tests/test_schemathesis.py``) holds every answer to these.
"""

from __future__ import annotations

from typing import Any

DETAIL = "Detail"
FIELD_ERRORS = "FieldErrors"
_COMPONENTS = {
    DETAIL: {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    FIELD_ERRORS: {
        "type": "object",
        "description": "Messages by field name (``non_field_errors`` for the whole request); "
        "a nested object or list for a nested field.",
        "additionalProperties": {
            "anyOf": [{"type": "array"}, {"type": "object"}, {"type": "string"}]
        },
    },
}
_DESCRIPTIONS = {
    "400": "Invalid fields or query parameters",
    "401": "No token, or a token that is invalid, expired or revoked",
    "403": "The caller's role may not do this, or a rule refused it",
    "404": "No such record in the caller's scope",
    "409": "The record was changed by someone else since it was read",
}
_WRITES = ("post", "put", "patch")


def _error(code: str, component: str) -> dict[str, Any]:
    return {
        "description": _DESCRIPTIONS[code],
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
    }


def _codes(method: str, operation: dict[str, Any]) -> dict[str, str]:
    locations = {p.get("in") for p in operation.get("parameters", [])}
    codes = {"401": DETAIL, "403": DETAIL}
    if "query" in locations or "requestBody" in operation or method in _WRITES:
        codes["400"] = FIELD_ERRORS
    if locations & {"path", "query"} or method in _WRITES:
        # a record of the path, of a filter (?person=, ?parent=) or of the body (a person,
        # a partner) that does not exist or is out of scope
        codes["404"] = DETAIL
    if method in _WRITES:
        codes["409"] = DETAIL
    return codes


def document_errors(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook (``SPECTACULAR_SETTINGS``)."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(_COMPONENTS)
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code, component in _codes(method, operation).items():
                responses.setdefault(code, _error(code, component))
    return result
