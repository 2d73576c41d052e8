"""The subcommands of `deprecations`, one module each (see scraper/cli.py).

A module here named `name.py` (or `some_name.py` for `some-name`) defines `command`, a click
command. Modules starting with `_` are shared helpers. Import heavy libraries inside the
command function: tests/test_cold_start.py lists the commands that must start fast.
"""
