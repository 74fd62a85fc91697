"""Renderings of the tracker and of the report: csv (`tabular`), Markdown
(`markdown`), the HTML page (`htmlpage`), and the whole tracker as json,
ndjson, csv or md (`exports`). They take plain data and return text.
"""
