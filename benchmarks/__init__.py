"""Speed and memory benchmarks of the model and the experiment engine (`make bench`).

Not part of the installed library: run them from the repository's root.
"""
