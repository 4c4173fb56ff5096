"""faust agents and timers of the worker, one module each; `processor` is their shared core."""
