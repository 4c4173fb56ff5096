"""Compatibility modules: every use of a library's private internals, one module per library.

Each module names the release its patches were written for, checks the installed one at
start-up, and says which patch is affected when they differ; an upgrade may cost speed,
never an import or a guarantee.
"""
