"""Patches of third-party libraries' internals, one module per library.

Each module names the release its patch was written for and checks the installed one at
start-up, naming the patch in a warning when they differ. Where the library has a public way to
get the same result, the patch then steps aside (an upgrade may cost speed, never an import or
a result); faust's patches carry delivery guarantees, so they stay on and ask for a check.
"""
