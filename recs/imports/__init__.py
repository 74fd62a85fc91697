"""Bringing recommendations in: recs's own exports and CSV (`importer`),
other trackers' CSV through a TOML mapping (`mapping`, `data/mappings/`),
and reading and writing the files people name (`files`).
"""
