"""`python -m recs`."""

from recs.cli import main

main()
