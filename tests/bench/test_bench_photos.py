"""Smoke run of the photos benchmark with tiny sizes, so it does not rot (nothing here is timed)."""

from bench import bench_photos


def test_the_photos_benchmark_runs_quick(capsys):
    # with its end-to-end part (a real `python -m jobs.worker`): it rotted once unseen, when the bot
    # began asking applicants without the current privacy notice's consent before taking a photo
    assert bench_photos.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "1 × 2 MP" in out and "2 × 2 MP" in out
    assert "doc.refused.image_too_large" in out and "met" in out
    assert "webhook → verdict at the Twilio stand-in" in out and "| 3 " in out
