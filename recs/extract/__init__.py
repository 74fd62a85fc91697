"""From a brief to candidate recommendations: `reading` turns a file (plain
text, Markdown, HTML, PDF) into blocks with their structure and location,
`finding` picks the sentences that ask someone to act. Neither knows of the
terminal; `recs.cli.commands.extract` is the command over them.

The libraries they use (pypdf, selectolax, pysbd, markdown-it-py) are
imported inside the functions that need them, so that no other command pays
for them at start-up.
"""
