"""Smoke run of the documents benchmark with tiny sizes, so it does not rot (nothing here is timed)."""

from bench import bench_documents


def test_the_documents_benchmark_runs_quick(capsys):
    assert bench_documents.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "text, 2 pages" in out and "scan, 2 pages" in out
    assert "doc.refused.unsafe" in out  # the bomb
    assert "doc.refused.too_many_pages" in out
