"""Zensical-ready: Zensical (pinned in requirements-zensical.txt, installed in
.venv-zensical by `make check-zensical` or `make test`) builds the same
mkdocs.yml into the same site: the same pages, every locked link target,
the same nav titles and page titles.

What Zensical does not yet do (hooks, some plugins, static templates) is
listed in the README with its workaround. Old ids kept by `anchor_aliases`
are the one kind of locked target that only a hook produces.
"""

import os
import shutil
import subprocess

import pytest
from conftest import ROOT, Site, copy_project

from anchors import locked, published
from handbook import link_targets

pytestmark = pytest.mark.zensical

ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"


@pytest.fixture(scope="session")
def zensical_site(site, shared, tmp_path_factory) -> Site:
    """Zensical's build of a copy of the project, made once per run (conftest.Shared)."""
    if not ZENSICAL.exists():
        pytest.fail("Zensical is not installed: run `make check-zensical`")

    def make(out):
        project = copy_project(tmp_path_factory.mktemp("zensical"))
        done = subprocess.run(
            [str(ZENSICAL), "build", "--strict", "--clean", "-f", str(project / "mkdocs.yml")],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "SITE_URL": site.url},
        )
        if done.returncode != 0:
            return f"zensical build failed:\n{done.stdout}\n{done.stderr}"
        shutil.copytree(project / "site", out, dirs_exist_ok=True)
        return None

    return Site(shared.get("zensical", make), site.url)


def rel(site, paths):
    return [p.relative_to(site.dir).as_posix() for p in paths]


def test_the_same_pages(site, zensical_site):
    assert rel(zensical_site, zensical_site.pages()) == rel(site, site.pages())


def test_every_locked_target_is_there(site, zensical_site):
    # Zensical runs no hooks yet, so it has no old ids (anchor_aliases).
    hook_made = {
        f"{page}#{target.id}"
        for page, found in link_targets.built_targets(site.dir).items()
        for target in found
        if target.kind == "alias"
    }
    present = published(zensical_site.dir)
    missing = [t for t in locked() if t not in present and t not in hook_made]
    assert not missing, f"locked link targets missing from the Zensical build: {missing}"
    assert len(locked()) - len(hook_made) > 20


def nav_titles(site, path):
    soup = site.soup(path)
    return [" ".join(el.get_text(" ", strip=True).split()) for el in soup.select("nav.md-nav--primary .md-nav__link")]


def test_the_same_nav_and_page_titles(site, zensical_site):
    for path in site.pages():
        other = zensical_site.dir / path.relative_to(site.dir)
        where = path.relative_to(site.dir)
        assert nav_titles(zensical_site, other) == nav_titles(site, path), where
        assert zensical_site.soup(other).title.string == site.soup(path).title.string, where
        assert zensical_site.soup(other).h1.get_text(strip=True) == site.soup(path).h1.get_text(strip=True), where
