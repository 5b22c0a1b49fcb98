"""What every command-line test needs: running ``carbonpeak`` and checking a refusal."""

from __future__ import annotations

from carbonpeak.cli import main


def refused(capsys, argv: list[str]) -> str:
    """Run the command line; check exit 2, one line on stderr, nothing on stdout; return it."""
    try:
        code = main(argv)
    except SystemExit as e:  # argparse's own errors
        code = e.code
    captured = capsys.readouterr()
    assert code == 2, f"exit code {code} for {argv}: {captured.err}"
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err, f"one line: {captured.err!r}"
    assert captured.out == ""
    return lines[0]
