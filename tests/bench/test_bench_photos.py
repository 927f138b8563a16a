"""Smoke run of the photos benchmark with tiny sizes, so it does not rot (nothing here is timed)."""

from bench import bench_photos


def test_the_photos_benchmark_runs_quick(capsys):
    assert bench_photos.main(["--quick", "--no-e2e"]) == 0
    out = capsys.readouterr().out
    assert "1 × 2 MP" in out and "2 × 2 MP" in out
    assert "doc.refused.image_too_large" in out and "met" in out
