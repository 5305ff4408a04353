"""examples/python/xiangyuan_what_if.py runs (with a short horizon) and writes its plots."""

import os
import pathlib
import subprocess
import sys

SOURCE = pathlib.Path(os.environ.get("FENGQIAO_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))


def test_what_if_example_compares_staffing_and_writes_plots(tmp_path):
    out = subprocess.run(
        [sys.executable, str(SOURCE / "examples" / "python" / "xiangyuan_what_if.py"), "--days", "60",
         "--replications", "2", "--out", str(tmp_path)],
        capture_output=True, text=True, check=True, env={**os.environ, "MPLBACKEND": "Agg"})
    assert "Busiest township:" in out.stdout
    assert "share_village" in out.stdout
    assert "waited_village" in out.stdout  # where the queues form
    pngs = sorted(p.name for p in tmp_path.glob("*.png"))
    assert len(pngs) == 8, pngs
