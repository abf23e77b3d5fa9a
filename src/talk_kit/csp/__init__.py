"""The Content-Security-Policy of every page, with hashes of the build's own inline code."""
