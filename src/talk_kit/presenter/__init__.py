"""The presenter's kit: deck PDFs printed from a built site, and the offline bundle.

A plain package with its own CLI (`python -m presenter`), independent of MkDocs and of the
checker: it works on a built site and on the job list the deck hook leaves beside it.
"""
