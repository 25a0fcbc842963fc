"""Assert that a write is refused for the fields named, not merely for some reason."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from _pytest._code import ExceptionInfo
from django.core.exceptions import ValidationError


@contextmanager
def refused_on(*fields: str) -> Iterator[ExceptionInfo[ValidationError]]:
    """The block raises a ``ValidationError`` whose fields are exactly ``fields``."""
    with pytest.raises(ValidationError) as exc:
        yield exc
    assert hasattr(exc.value, "error_dict"), f"no field named: {exc.value.messages}"
    assert sorted(exc.value.message_dict) == sorted(fields)
