"""The writes of the prevention pillar, one module per topic (re-exported here)."""

from ruta.prevention.services import courses, frameworks, sessions

__all__ = ["courses", "frameworks", "sessions"]
