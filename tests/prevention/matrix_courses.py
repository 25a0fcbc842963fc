"""Permission-matrix specs of the prevention routes: courses."""

from __future__ import annotations

from tests.matrix_spec import Spec

SPECS: list[Spec] = []
