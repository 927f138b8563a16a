"""Tools for developers: `make run` (devtools.run)."""
