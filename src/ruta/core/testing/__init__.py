"""Test helpers every app reuses: people and institutions, signed-in clients, the permission
matrix. Imported by tests/conftest.py; never by application code."""
