"""Permission-matrix specs of the prevention routes: outreach."""

from __future__ import annotations

from tests.matrix_spec import Spec

SPECS: list[Spec] = []
