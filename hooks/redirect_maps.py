"""Every redirect in mkdocs.yml leads from a gone page to a page of this site.

The redirects plugin (mkdocs-redirects) warns "Redirect target 'x.md' does
not exist!" without saying where the mapping is or which old address it
serves, writes its forwarding page over a real page of the same name, and
forwards to any address at all, another site's included: a link from a wiki
to a moved page would then send its readers elsewhere. This hook checks
redirect_maps once the files are known and fails naming mkdocs.yml, the
mapping and the fault; problems() is the rule, which the tests call.
"""

from __future__ import annotations

import os
import posixpath

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

# The plugin writes the new address into a script and a meta refresh as it is.
UNSAFE = set("\"'<>\\ \t\n")


def problems(redirect_maps: dict, pages: set[str]) -> list[str]:
    """What is wrong with each mapping `old.md: new.md`, given the site's pages (paths in docs/)."""
    found = []
    for old, new in redirect_maps.items():
        mapping = f"'{old}: {new}'"
        old_path, new = posixpath.normpath(str(old)), str(new)
        target = new.split("#", 1)[0]
        if not old_path.endswith(".md") or old_path.startswith(("../", "/")) or old_path == "..":
            found.append(f"{mapping}: the old page must be a .md path inside docs/")
        elif old_path in pages:
            found.append(
                f"{mapping}: docs/{old_path} still exists; a redirect would replace it (remove the page or the mapping)"
            )
        elif any(char in new for char in UNSAFE):
            found.append(f"{mapping}: the new address may not contain quotes, <, >, \\ or spaces")
        elif ":" in target or target.startswith(("/", "\\")):
            found.append(
                f"{mapping}: a redirect leads to a page of this site (a .md path in docs/), never to another address"
            )
        elif target not in pages:
            found.append(
                f"{mapping}: the new page docs/{target} does not exist, so the old page {old} would lead nowhere"
            )
    return found


@event_priority(50)  # before the redirects plugin reads the same map
def on_files(files: Files, config) -> Files:
    plugin = config.plugins.get("redirects")
    if plugin is None:
        return files
    pages = {file.src_uri for file in files.documentation_pages()}
    if found := problems(plugin.config["redirect_maps"], pages):
        where = f"{os.path.basename(config.config_file_path)}: redirects.redirect_maps"
        raise PluginError(f"{where}: " + f"\n{where}: ".join(found))
    return files
