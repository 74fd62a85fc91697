"""Bringing recommendations in: recs's own exports and CSV (`importer`),
other trackers' CSV through a TOML mapping (`mapping`, `data/mappings/`),
reading and writing the files people name (`files`), a CSV's separator
(`delimiters`) and bad rows in plain words (`problems`).
"""
