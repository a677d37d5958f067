"""Nothing outside includes/ and docs/ can be pulled into the site.

pymdownx.snippets reads includes from its base_path, includes/, and refuses
`../` paths, but it resolves base_path from the working directory and it
follows symbolic links, and so does MkDocs when it copies docs/: a link such
as includes/passwd -> /etc/passwd would publish that file. This hook

- resolves base_path from the folder of mkdocs.yml, as MkDocs does docs_dir,
  so `mkdocs build -f path/to/mkdocs.yml` works from any directory (MkDocs'
  own `!relative` tag would do it too, but Zensical cannot read it);
- has a missing include fail with a message naming the file that asks for
  it (NamedIncludes), instead of PyMdown's traceback;
- fails the build, naming the file, when the snippets settings would let an
  include come from anywhere else, and when includes/ or docs/ holds
  - a symbolic link: one can lead anywhere (includes/passwd -> /etc/passwd)
    or back to itself, and none is needed;
  - a text file (anything in includes/, the Markdown, HTML, SVG, CSS and
    JavaScript of docs/) that is not UTF-8, which the build would otherwise
    stop on with a traceback that names no file.

problems() is the rule, which the tests call.
"""

from __future__ import annotations

import os
from pathlib import Path

from markdown.extensions import Extension
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from pymdownx.snippets import SnippetMissingError

SNIPPETS = "pymdownx.snippets"


@event_priority(100)  # before anything reads the snippets settings
def on_config(config, **kwargs):
    settings = config["mdx_configs"].get(SNIPPETS, {})
    bases = settings.get("base_path")
    where = f"{os.path.basename(config.config_file_path)}: {SNIPPETS}"
    if not isinstance(bases, list) or len(bases) != 1:
        raise PluginError(f"{where}: base_path must name one folder, includes (found {bases!r})")
    if settings.get("restrict_base_path") is False or settings.get("url_download"):
        raise PluginError(f"{where}: restrict_base_path must stay on and url_download off")
    base = Path(os.path.dirname(config.config_file_path), bases[0])
    if not base.is_dir():
        raise PluginError(f"{where}: base_path {bases[0]} is not a folder beside mkdocs.yml")
    settings["base_path"] = [str(base)]
    config.markdown_extensions.append(NamedIncludes(base))
    return config


class NamedIncludes(Extension):
    """A missing include fails with one line that names the file asking for
    it (the page, or the include that includes it), not a traceback."""

    def __init__(self, base: Path):
        super().__init__()
        self.base = base

    def extendMarkdown(self, md):
        snippets = md.preprocessors["snippet"]
        parse = snippets.parse_snippets  # calls itself for includes within includes

        def named(lines, file_name=None, *args, **kwargs):
            try:
                return parse(lines, file_name, *args, **kwargs)
            except SnippetMissingError as error:
                where = f"{os.path.relpath(file_name, self.base.parent)}: " if file_name else ""
                raise PluginError(
                    f"{where}{error} (an include is named relative to {self.base.name}/, "
                    f'as in --8<-- "diagrams/three-hats.svg")'
                ) from None

        snippets.parse_snippets = named


# Files of docs/ that the build reads as text; everything in includes/ is.
TEXT = {".md", ".html", ".htm", ".svg", ".css", ".js", ".json", ".txt", ".xml", ".yml", ".yaml"}


def problems(folder: Path, text_only: bool = False) -> list[str]:
    """Symbolic links under folder (itself included), and text files that are not UTF-8.

    With text_only, every file counts as text (includes/); otherwise those with a TEXT suffix.
    """
    shown = lambda path: os.path.relpath(path, folder.parent)  # noqa: E731
    if folder.is_symlink():
        return [f"{shown(folder)} is a symbolic link (to {os.readlink(folder)}); use a real folder"]
    found = []
    for parent, dirs, files in os.walk(folder):  # does not follow links, but lists them
        for name in sorted(dirs + files):
            path = os.path.join(parent, name)
            if os.path.islink(path):
                found.append(f"{shown(path)} is a symbolic link (to {os.readlink(path)}); copy the file in instead")
            elif name in files and (text_only or os.path.splitext(name)[1].lower() in TEXT):
                try:
                    with open(path, "rb") as f:
                        f.read().decode("utf-8")
                except UnicodeDecodeError as error:
                    found.append(f"{shown(path)}: not UTF-8 text (byte {error.start}); save it as UTF-8")
    return found


@event_priority(100)  # before any other hook reads a file in includes/
def on_pre_build(config, **kwargs):
    base = Path(config["mdx_configs"][SNIPPETS]["base_path"][0])
    found = problems(base, text_only=True) + problems(Path(config["docs_dir"]))
    if found:
        raise PluginError("files the build may not read:\n  " + "\n  ".join(found))
