"""`cmake --install` lays the package out so that it imports from the install prefix alone."""

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

BUILD_DIR = os.environ.get("FENGQIAO_BUILD_DIR")
INSTALL_DIR = os.environ.get("FENGQIAO_PYTHON_INSTALL_DIR")


@pytest.mark.skipif(not BUILD_DIR or not INSTALL_DIR, reason="run through CTest, which names the build directory")
def test_the_installed_package_imports_and_runs_from_the_prefix(tmp_path):
    prefix = tmp_path / "prefix"
    subprocess.run([shutil.which("cmake") or "cmake", "--install", BUILD_DIR, "--component", "python",
                    "--prefix", str(prefix)], check=True, capture_output=True)
    site = pathlib.Path(INSTALL_DIR) if os.path.isabs(INSTALL_DIR) else prefix / INSTALL_DIR
    package = site / "fengqiao"
    assert (package / "py.typed").is_file() and (package / "__init__.pyi").is_file()
    assert list(package.glob("_core*.so"))

    script = (
        "import fengqiao as fq\n"
        "t = fq.JurisdictionTree(); c = t.add(None, 'county', 'K', '县'); v = t.add(c, 'village', 'K-1', '村')\n"
        "r = fq.Roster(); m = r.add('调解员', 'peoples_mediator', v)\n"
        "e = fq.Engine(t, r); case = e.report(m, v).case_id; e.accept(case, m)\n"
        "print(fq.__file__); print(e.case(case).state)\n"
    )
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site)
    done = subprocess.run([sys.executable, "-s", "-c", script], cwd=tmp_path, env=env, capture_output=True,
                          text=True, check=True)
    location, state = done.stdout.splitlines()
    assert pathlib.Path(location).resolve().is_relative_to(site.resolve())
    assert state == "accepted"
