"""What each `factcheck` command does, a module each; `generator.cli` only parses and prints."""

DOCUMENTED_COMMAND = ".venv/bin/factcheck"
"""The command as README, CONTRIBUTING and the manual write it, and as messages that cannot
know how factcheck was run write it: after `make site` it works in any shell, in the
project's folder, with nothing to activate."""
