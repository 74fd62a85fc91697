"""recs: track what happens to the recommendations that policy briefs make."""

__version__ = "0.1.0"

#: Version of the tracker layout (3: a folder; 1 and 2 were single files). Older are migrated, newer refused.
SCHEMA_VERSION = 3
