"""`python -m recs`."""

from recs.launch import main

main()
