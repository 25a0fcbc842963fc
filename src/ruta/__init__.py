"""Ruta: one platform for the institutions that respond to trafficking in persons."""

__version__ = "0.1.0"
