"""One module per `newsmon` subcommand; each defines `register(subparsers)`.

A subcommand's handler is set with `parser.set_defaults(handler=...)` and returns the exit status.
"""
