from __future__ import annotations

import json
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# No request of the API nests deeper than a few levels; a body that does is refused before any
# code walks it recursively (serializers, renderers of error details).
MAX_JSON_DEPTH = 32


def _too_deep(value, limit: int) -> bool:
    """Whether a parsed JSON value nests deeper than ``limit`` (an iterative walk)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Iterable[object] = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class LimitedJSONParser(JSONParser):
    """JSON with a size limit: DRF reads the raw stream, which Django's own limit misses.
    Deeply nested bodies are malformed too: the decoder's RecursionError is a ParseError (400),
    and so is anything nested deeper than MAX_JSON_DEPTH."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise RequestDataTooBig
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.loads(raw.decode(encoding))
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            raise ParseError from exc
        if _too_deep(data, MAX_JSON_DEPTH):
            raise ParseError
        return data
