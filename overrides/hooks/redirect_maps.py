"""Every redirect in mkdocs.yml leads from a gone page to a page that exists.

The redirects plugin (mkdocs-redirects) warns "Redirect target 'x.md' does not
exist!" without saying where the mapping is or which old address it serves,
and it writes its forwarding page over a real page of the same name. This
hook checks redirect_maps once the files are known and fails naming
mkdocs.yml, the mapping and the old page.
"""

import os
import posixpath

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

# The plugin writes the new address into a script and a meta refresh as it is.
UNSAFE = set("\"'<>\\ \t\n")


@event_priority(50)  # before the redirects plugin reads the same map
def on_files(files, config, **kwargs):
    plugin = config.plugins.get("redirects")
    if plugin is None:
        return files
    pages = {file.src_uri for file in files.documentation_pages()}
    where = f"{os.path.basename(config.config_file_path)}: redirects.redirect_maps"
    for old, new in plugin.config["redirect_maps"].items():
        mapping = f"'{old}: {new}'"
        old_path = posixpath.normpath(str(old))
        if not old_path.endswith(".md") or old_path.startswith(("../", "/")) or old_path == "..":
            raise PluginError(f"{where}: {mapping}: the old page must be a .md path inside docs/")
        if old_path in pages:
            raise PluginError(f"{where}: {mapping}: docs/{old_path} still exists; "
                              "a redirect would replace it (remove the page or the mapping)")
        if any(char in str(new) for char in UNSAFE):
            raise PluginError(f"{where}: {mapping}: the new address may not contain quotes, <, >, \\ or spaces")
        target = str(new).split("#", 1)[0]
        if str(new).startswith(("https://", "http://")):
            continue
        if target not in pages:
            raise PluginError(f"{where}: {mapping}: the new page docs/{target} does not exist, "
                              f"so the old page {old} would lead nowhere")
    return files
