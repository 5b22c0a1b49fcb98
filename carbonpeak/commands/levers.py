"""``carbonpeak levers``: each lever's effect at the ends of its range (docs/LEVERS.md)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from carbonpeak.errors import BadInput
from carbonpeak.options import out_dir, positive_int, seed


def add_parser(subparsers: Any) -> None:
    """Register ``levers``."""
    parser = subparsers.add_parser(
        "levers", help="each lever at the low and high end of its range (lever-response table)"
    )
    parser.add_argument("--scenario", default="plan", metavar="NAME|FILE",
                        help="scenario the levers are moved from (default: plan)")  # fmt: skip
    parser.add_argument("--seeds", type=positive_int, default=5, metavar="N",
                        help="seeds per setting, common to all (default: 5)")  # fmt: skip
    parser.add_argument("--scale", type=float, default=0.05, metavar="F",
                        help="fraction of real agents simulated (default: 0.05)")  # fmt: skip
    parser.add_argument("--end-year", type=int, default=2060, metavar="Y")
    parser.add_argument("--seed", type=seed, default=0, metavar="N", help="root seed")
    parser.add_argument("--out", type=out_dir, default=None, metavar="DIR",
                        help="experiment directory (default: out/levers-<scenario>)")  # fmt: skip
    parser.add_argument("--workers", type=positive_int, default=None, metavar="N")
    parser.add_argument("--resume", action="store_true", help="continue an interrupted run")
    parser.add_argument("--markdown", metavar="FILE", help="also write the table as Markdown")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Run the one-at-a-time experiment and write levers.csv and LEVERS.md."""
    from experiments import read_runs, run_experiment
    from experiments.levers import lever_design, lever_table
    from experiments.levers_report import render_markdown
    from experiments.store.manifest import code_version, version_label

    design = lever_design(args.scenario, args.seeds, args.scale, args.end_year, args.seed)
    out = args.out or Path("out") / design.name
    result = run_experiment(design, out, workers=args.workers, resume=args.resume,
                            analyses=False)  # fmt: skip
    table = lever_table(design, read_runs(result.store), Path(result.store) / "yearly")
    table.to_csv(Path(result.store) / "levers.csv", index=False)
    meta = {"scenario": args.scenario, "seeds": args.seeds, "scale": args.scale,
            "end_year": args.end_year, "code_version": version_label(code_version())}  # fmt: skip
    markdown = render_markdown(table, meta)
    (Path(result.store) / "LEVERS.md").write_text(markdown, encoding="utf-8")
    if args.markdown:
        try:
            Path(args.markdown).write_text(markdown, encoding="utf-8")
        except OSError as e:
            raise BadInput(f"--markdown {args.markdown!r} cannot be written ({e.strerror})") from e
    print(f"wrote {Path(result.store) / 'levers.csv'} and LEVERS.md "
          f"({len(table)} lever ends, {result.n_ok} runs)")  # fmt: skip
    return 0 if result.n_failed == 0 else 1
