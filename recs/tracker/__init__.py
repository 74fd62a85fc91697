"""What people do with a tracker, over an open `recs.store.Store`, knowing
nothing of the terminal: add, update and attach evidence (`operations`),
fix evidence (`evidence`) and briefs (`briefs`), archive and restore
(`archive`), filter (`queries`), actor names and aliases (`actors`), undo and redo the last changes (`undo`),
every change by anyone (`activity`), history values in words for both (`wording`), when changes took effect
and a record as it stood on a day (`timeline`), overdue and due soon
(`deadlines`), the report as one model every format renders (`reports`),
two versions of a record merged (`merge`, for git and imports), and a clone
set up for sharing through git (`gitshare`).
"""
