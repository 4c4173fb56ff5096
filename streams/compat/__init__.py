"""Patches of third-party libraries' internals, one module per library.

Each module checks the installed version against the one its patch was written for, names the
patch in a warning when they differ, and falls back to the library's public API: an upgrade
may cost speed, never an import or a result.
"""
