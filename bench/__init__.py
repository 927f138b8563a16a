"""Benchmarks: one script per question, each printing a short table (`make bench`)."""
