"""The offline edition loads its Web Worker shim from the site, not unpkg.

Material's offline plugin (on only for `make offline`, OFFLINE=true) makes
search work from file:// with iframe-worker's shim, which it loads from
https://unpkg.com. The offline edition must work without any network and
nothing may load from another host, so this hook points that polyfill at the
copy in overrides/assets/javascripts/iframe-worker-shim.js (npm
iframe-worker 1.0.4, MIT). The shim does nothing outside file://.
"""

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

REMOTE = "https://unpkg.com/iframe-worker/shim"
LOCAL = "assets/javascripts/iframe-worker-shim.js"


@event_priority(-100)  # after the offline plugin has added its polyfill
def on_config(config, **kwargs):
    offline = config.plugins.get("material/offline") or config.plugins.get("offline")
    if not (offline and offline.config.enabled):
        return config
    polyfills = config.extra.get("polyfills", [])
    if REMOTE not in polyfills:
        raise PluginError(
            f"offline build: Material no longer adds {REMOTE}; check what it loads now "
            f"and update overrides/hooks/offline_shim.py (polyfills: {polyfills})"
        )
    config.extra["polyfills"] = [LOCAL if url == REMOTE else url for url in polyfills]
    return config
