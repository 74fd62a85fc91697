"""recs: track what happens to the recommendations that policy briefs make."""

__version__ = "0.1.0"

#: Version of the store file's layout. Older files are migrated, newer refused.
SCHEMA_VERSION = 2
