"""The ``carbonpeak`` command line: the parser, `main()` and how every error is reported.

Each command is a module of `carbonpeak.commands` listed in `COMMANDS`, with
``add_parser(subparsers)`` registering its subparser and setting ``handler`` to a function of
the parsed arguments that returns the exit code. A new command is one module and one line.

Exit codes: 0 done; 1 the experiment ran but some runs failed or it stopped before the end
(continue with ``--resume``), or a file could not be written (a full disk); 2 bad input, one
line naming what was wrong and what is allowed, before anything runs; 130 Ctrl-C and 143
SIGTERM (finished runs are stored; continue with ``--resume``). Never a traceback.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import ModuleType
from typing import Any, NoReturn

from carbonpeak.commands import (
    levers,
    montecarlo,
    params,
    plot,
    report,
    run,
    scenarios,
    sensitivity,
    sweep,
    ui,
    validate,
)
from carbonpeak.errors import (
    EXIT_BAD_INPUT,
    EXIT_INTERRUPTED,
    EXIT_RUNS_FAILED,
    EXIT_TERMINATED,
    BadInput,
    RunsFailed,
    Terminated,
)

#: The commands, in the order `carbonpeak --help` lists them.
COMMANDS: tuple[ModuleType, ...] = (
    report, run, params, scenarios, validate, levers, montecarlo, sweep, sensitivity, plot, ui,
)  # fmt: skip


class Parser(argparse.ArgumentParser):
    """Argument parser whose errors are one line and exit 2."""

    def error(self, message: str) -> NoReturn:
        """Print one line naming the problem and exit 2."""
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {one_line(message)} (see --help)\n")


def one_line(message: object) -> str:
    """The message with every run of white space (newlines too) made one space."""
    return " ".join(str(message).split())


def build_parser() -> argparse.ArgumentParser:
    """The full ``carbonpeak`` parser."""
    parser = Parser(prog="carbonpeak", description="Baicheng carbon-peak agent-based model")
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser


def _bad_input_errors() -> tuple[type[BaseException], ...]:
    """Exceptions that mean bad input (imported late: `params` must not load the model)."""
    from experiments.engine import DaskMissingError, SchedulerUnreachableError
    from experiments.store import StoreConflictError
    from parameters import ParameterError

    return (BadInput, ParameterError, StoreConflictError, DaskMissingError,
            SchedulerUnreachableError)  # fmt: skip


def _run_failed_errors() -> tuple[type[BaseException], ...]:
    from experiments.engine import ExperimentError
    from experiments.store import StoreError

    return (RunsFailed, ExperimentError, StoreError, OSError)


def _raise_terminated(signum: int, frame: Any) -> None:
    raise Terminated


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """While the command runs, SIGTERM raises `Terminated` (a `KeyboardInterrupt`)."""
    try:
        previous = signal.signal(signal.SIGTERM, _raise_terminated)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupted(args: argparse.Namespace, terminated: bool) -> int:
    what = "terminated (SIGTERM)" if terminated else "interrupted"
    if not hasattr(args, "resume"):  # a single run: nothing is kept
        detail = ""
    elif args.out is None:
        detail = "; the results were in a temporary directory (use --out DIR to keep them)"
    else:
        detail = f"; finished runs are stored in '{args.out}'; continue with --resume"
    print(f"carbonpeak {args.command}: {what}{detail}", file=sys.stderr)
    return EXIT_TERMINATED if terminated else EXIT_INTERRUPTED


def _call(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    command = args.command
    try:
        with _sigterm_as_interrupt():
            return handler(args)
    except BrokenPipeError:  # the reader went away (`carbonpeak params | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Terminated:
        return _interrupted(args, terminated=True)
    except KeyboardInterrupt:
        return _interrupted(args, terminated=False)
    except Exception as e:
        if isinstance(e, _bad_input_errors()):
            code = EXIT_BAD_INPUT
        elif isinstance(e, _run_failed_errors()):
            code = EXIT_RUNS_FAILED
        else:
            raise
        print(f"carbonpeak {command}: error: {one_line(e)}", file=sys.stderr)
        return code


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``carbonpeak`` console script."""
    args = build_parser().parse_args(argv)

    def show_warning(message: Warning | str, *_: Any, **__: Any) -> None:
        print(f"carbonpeak {args.command}: warning: {one_line(message)}", file=sys.stderr)

    with warnings.catch_warnings():
        warnings.showwarning = show_warning
        return _call(args.handler, args)
