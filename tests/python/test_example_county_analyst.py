"""The analyst example runs end to end on the shipped Xiangyuan file and prints its table."""

import os
import subprocess
import sys

from conftest import SOURCE_DIR, XIANGYUAN

EXAMPLE = SOURCE_DIR / "examples" / "python" / "county_analyst.py"


def test_the_county_analyst_prints_where_disputes_were_resolved():
    done = subprocess.run([sys.executable, str(EXAMPLE), str(XIANGYUAN)], capture_output=True, text=True,
                          env=dict(os.environ), timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("襄垣县: 18000 disputes reported in 2025")
    header = lines[1].split()
    assert header[:4] == ["reported", "village", "township", "county"]
    assert any(line.startswith("侯堡镇") for line in lines)
    assert lines[-1].startswith("Resolved at or below township level:")
