"""The command line's exit codes and the errors its commands raise for them."""

from __future__ import annotations

EXIT_OK = 0
#: The experiment ran but some runs failed, or it stopped before every run was done.
EXIT_RUNS_FAILED = 1
#: Bad input, reported on one line before anything runs.
EXIT_BAD_INPUT = 2
#: Stopped with Ctrl-C (128 + SIGINT).
EXIT_INTERRUPTED = 130
#: Stopped with SIGTERM (128 + SIGTERM), e.g. by a batch scheduler or `kill`.
EXIT_TERMINATED = 143


class BadInput(Exception):
    """An argument that must not be used; the message is printed on one line, exit 2."""


class RunsFailed(Exception):
    """The command ran, but not every run succeeded; the message is printed, exit 1."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread so that it stops a command the way Ctrl-C does."""
