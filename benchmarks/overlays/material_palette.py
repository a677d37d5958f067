"""A bench-only hook (material-palette.yml): Material's palette component
mounts the dark/light toggle again, as before the handbook had its own
control. The handbook's header carries the toggle as `data-hb-palette`
(overrides/main.html); this gives it back Material's attribute."""

from __future__ import annotations


def on_post_page(output: str, **kwargs) -> str:
    return output.replace("data-hb-palette", 'data-md-component="palette"', 1)
