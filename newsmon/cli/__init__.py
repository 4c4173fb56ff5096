"""The `newsmon` command line."""
