"""Extraction stages, one module per kind of fact. Each is a pure function over the report
text and its segments; names carry a version (``statements.v1``) recorded in the graph."""
