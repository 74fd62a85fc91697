"""The vocabulary every layer shares: the status taxonomy (`statuses`), dates
and timestamps (`dates`), the checks on values people type (`fields`), the
pydantic models of the data model, used at the boundaries (`models`), the
error types the command line turns into an `Error:` line (`errors`), how
control characters are shown (`escapes`), counts in words (`words`), and the
notices sent to whoever listens (`notices`). Imports nothing from the other
layers.
"""
