"""Writes on protection cases (being split by topic)."""

from ruta.cases.services.lifecycle import *  # noqa: F403
from ruta.cases.services.lifecycle import child_case, timeline_add  # noqa: F401
