"""Experiment designs: a sweep spec (TOML) parsed and validated into a ``Design`` of ``RunSpec``s.

A design says which runs an experiment makes; executing them is the runner's job. Everything is
checked against the parameter registry *before* any run starts, and a bad spec raises
``parameters.ParameterError`` with one line naming the spec key, the value given and what is
allowed.

Spec format (see ``docs/sweep_spec_example.toml`` for a commented example)::

    name = "ev-subsidy-vs-enforcement"   # default: the file name without .toml
    description = "free text"            # optional
    scenario = "plan"     # built-in name or path to a scenario TOML (relative to the spec file)
    scale = 0.1           # fraction of real agents simulated, in (0, 1]; default 1.0
    end_year = 2060       # 2021-2100; default 2060
    seed = 20240601       # root seed, integer >= 0; default 0
    replications = 5      # model runs per (lever point, uncertainty sample); default 1
    max_runs = 200000     # refuse a design of more runs (default 100000; see limits)

    [levers.ev_purchase_subsidy_yuan]
    values = ["scenario", 0, 10000, 20000]   # numbers, {year = value} schedules, or "scenario"
                                   # (the base scenario's own value: a point where every lever
                                   # is "scenario" is the baseline that wedges are measured from)
    [levers.burning_enforcement]
    low = 0.1                      # or an evenly spaced range, ends included
    high = 0.9
    levels = 3

    [uncertainties.gdp_growth_rate]
    distribution = "triangular"    # uniform | triangular | normal | lognormal
    low = 0.025
    mode = 0.05
    high = 0.07

    [sampler]
    method = "lhs"        # grid | lhs | sobol | morris; default grid
    samples = 64          # lhs: points; sobol: base N (a power of two); morris: trajectories

Levers (kind ``lever`` only) always form a full-factorial grid: the cartesian product of their
value lists, in spec order with the last lever varying fastest. Levers not listed, or listed
without values, keep the scenario's value. Each value is checked with
``parameters.validate_value``.

Uncertainties (kind ``uncertainty`` or ``constant``: constants carry plausible ranges and may be
varied; levers may not) are sampled by the sampler. Each takes a distribution:

- ``uniform``: ``low``, ``high``;
- ``triangular``: ``low``, ``mode``, ``high``;
- ``normal``: ``mean``, ``sd``, always truncated to ``[low, high]``;
- ``lognormal``: ``median``, ``sigma`` (``log X ~ Normal(log median, sigma)``), always truncated
  to ``[low, high]``;
- or ``values = [...]``: each listed value equally likely.

Omitted keys default to the registry: ``distribution`` to the parameter's distribution (None
means uniform), ``low``/``high`` to its range, ``mode``/``mean``/``median`` to its centre (the
scenario's value if the scenario sets it, else the registry's ``mode``, else its ``default``;
clipped into ``[low, high]``), ``sd`` to ``(high - low) / 4`` and ``sigma`` to
``ln(high / median) / 2``. ``[low, high]`` must lie inside the registry range, so no draw is
ever out of range. Integer parameters are rounded after the inverse CDF.

Sampler (``[sampler]``, applies to the uncertainties):

- ``grid``: full factorial over the uncertainties; each takes ``levels`` (default 3) evenly
  spaced quantiles from 0 to 1 of its distribution (for uniform: evenly spaced values from low
  to high), or every one of its ``values``.
- ``lhs``: ``samples`` Latin-hypercube points (``scipy.stats.qmc.LatinHypercube``).
- ``sobol``: Saltelli's scheme (``SALib.sample.sobol``); ``samples`` is the base ``N``, a power
  of two; ``calc_second_order`` (default false). ``N * (D + 2)`` samples, or ``N * (2D + 2)``.
- ``morris``: ``samples`` trajectories (>= 2) of ``SALib.sample.morris``; ``num_levels``
  (even, default 4). ``samples * (D + 1)`` samples.

SALib's row order is kept: ``sample_id`` is the row of SALib's matrix. For sobol and morris
``Design.problem`` is the SALib problem (``num_vars``, ``names``, ``bounds`` = each factor's
``[low, high]``); factors are the uncertainties in spec order, then the levers if
``include_levers = true``. With ``include_levers = true`` (lhs, sobol, morris) levers are not
gridded but sampled as uncertain factors: uniform on ``[low, high]`` (default: the registry
range) or equally likely over their ``values``; there is then a single lever point. With no
factors at all there is exactly one sample: the scenario's values (sobol and morris then
refuse to run).

Runs: ``lever points x samples x replications``; ``run_id`` counts from 0 with the lever point
slowest and the replication fastest: ``run_id = (point_id * n_samples + sample_id) *
replications + replication``.

Randomness: ``SeedSequence(seed).spawn(2)`` gives one stream for the sampler and one for the
runs; the run stream spawns one child per sample and that child one per replication, so a run's
seed (a 63-bit integer) is a function of ``(seed, sample_id, replication)`` only. Every lever
point therefore sees the same uncertainty draws and the same model seeds (common random
numbers). The same spec always gives the identical ``Design``; ``Design.to_json`` /
``Design.from_json`` round-trip it exactly.

Modules: `types` (`RunSpec`, `Design`), `checks` (the spec's keys), `factors` (levers and
uncertainties, checked by `parameters.validation`), `distributions`, `samplers`, `matrix` (the
sample matrix and seeds of a normalised spec), `spec` (reading and normalising a spec),
`limits` (the size bound), `builder` (`build_design`), `presets` (montecarlo and sensitivity).
"""

from experiments.design.builder import build_design, load_design
from experiments.design.limits import DEFAULT_MAX_RUNS
from experiments.design.presets import montecarlo_design, sensitivity_design
from experiments.design.spec import DEFAULTS, load_spec
from experiments.design.types import Design, RunSpec

__all__ = [
    "DEFAULTS",
    "DEFAULT_MAX_RUNS",
    "Design",
    "RunSpec",
    "build_design",
    "load_design",
    "load_spec",
    "montecarlo_design",
    "sensitivity_design",
]
