"""The writes of the prevention pillar, one module per topic (re-exported here)."""
