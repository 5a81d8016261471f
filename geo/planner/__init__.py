"""A planner's own layer, from file to map: read (``ingest``), kept (``store``), counted (``aggregate``),
drawn (``overlay``, with vector tiles from ``tiles`` for a large one), within ``limits``; heavy work in ``jobs``.

Imports nothing, so ``geo.planner.limits`` stays importable on its own (``deploy/serve.py``).
"""
