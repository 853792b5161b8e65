"""The benchmarks, one module each; each function returns its result entries."""
