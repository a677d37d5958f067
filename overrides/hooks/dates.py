"""Date every link target: when its own text last changed (section_dates.py).

Git history is read while the pages render, in a thread started when the
files are known, and applied once targets.py has collected the targets,
before the copy controls, short links and the "What changed" page read
the dates.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

from mkdocs.plugins import event_priority

import link_targets
import section_dates

_reading: list[Future] = []


def on_files(files, config, **kwargs):
    sources = [file.abs_src_path for file in files.documentation_pages() if file.abs_src_path]
    pool = ThreadPoolExecutor(max_workers=1)
    _reading[:] = [pool.submit(section_dates.read_history, config.docs_dir, sources)]
    pool.shutdown(wait=False)  # returns at once; the thread ends when git has answered
    return files


@event_priority(40)  # after targets.py (50), before the hooks that read dates (0)
def on_env(env, config, files, **kwargs):
    history = _reading.pop().result() if _reading else {}
    sources = {file.page.url: file.abs_src_path for file in files.documentation_pages()
               if file.page is not None and file.abs_src_path}
    section_dates.SITE.fill(link_targets.SITE, sources, history)
    return env
