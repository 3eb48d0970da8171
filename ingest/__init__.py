"""Ingest: read a meeting report, extract who said what, and turn it into RDF.

The pipeline is a chain of small pure stages over frozen data (see ``pipeline.py``):
read -> segment -> extract (meeting, agenda, participants, statements, mentions,
documents, actions) -> emit RDF -> validate. Only reading and storing touch the outside world.
"""
