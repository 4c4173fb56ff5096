"""Compatibility modules: every patch of a library's internals, one module per library.

Each names the releases it was written for and checks the installed ones at start-up, naming
the patch concerned when they differ.
"""
