"""The bench's configurations (benchmarks/overlays/) still match mkdocs.yml
and still build: an overlay that drifted would stop `make bench` part-way
through, after its long browser and Lighthouse rounds."""

import subprocess
import sys

import pytest

from support import PROJECT_PARTS, ROOT, build, copy_project

OVERLAYS = sorted(p.stem for p in (ROOT / "benchmarks" / "overlays").glob("*.yml"))


PARTS = [*PROJECT_PARTS, "benchmarks"]


def test_every_overlay_matches_mkdocs_yml(tmp_path):
    # In a copy: the check writes each overlay beside mkdocs.yml for a moment.
    project = copy_project(tmp_path / "project", PARTS + ["tests"])
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--check"], cwd=project, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_baseline_overlay_builds(defaults):
    """Material's defaults: the budget tests' edition (conftest.defaults) is this overlay's build."""
    assert (defaults.dir / "index.html").is_file()


@pytest.mark.parametrize("name", [name for name in OVERLAYS if name != "baseline"])
def test_every_overlay_builds(tmp_path, name):
    project = copy_project(tmp_path / "project", PARTS)
    # Placed beside mkdocs.yml, as the bench places it (benchmarks/variants.py).
    config = project / f".bench-{name}.yml"
    config.write_text((ROOT / "benchmarks" / "overlays" / f"{name}.yml").read_text(encoding="utf-8"))
    done = build(project, tmp_path / "site", config=config, strict=False)
    assert done.returncode == 0, f"{name}.yml:\n{done.stderr[-3000:]}"
    assert (tmp_path / "site" / "index.html").is_file()
