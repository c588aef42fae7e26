"""Drive a notebook's explore panel in JupyterLab, in headless Chromium, as a reader would: used by
``tests/test_explore_lab.py`` and by ``book/explore_stills.py`` (the book's still images).

:func:`lab_server` starts JupyterLab on 127.0.0.1 with a free port and no token (for this session
only) and stops it by its process id, also on failure. :func:`explore_notebook` writes a notebook
with the explore section of a paper's notebook and the cells it needs (the parameters cell and the
parameter table), with ``INTERACTIVE = True``.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat

from . import paramtable
from .paths import notebooks_dir

CHROMIUM = Path(os.environ.get("CLUSTERMODELS_CHROMIUM", "/usr/bin/chromium"))  # Debian's package
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
QUIET_SETTINGS = {  # no news or update toasts over the panel
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                        "checkForUpdates": False},
}


def missing() -> str | None:
    """Why the lab cannot be driven here, or None."""
    if not CHROMIUM.is_file():
        return f"no Chromium at {CHROMIUM} (Debian package `chromium`; .ci/run installs it)"
    for module, extra in (("playwright", "browser"), ("jupyterlab", "lab"), ("ipywidgets", "lab")):
        try:
            __import__(module)
        except ImportError:
            return f"the Python package {module} is not installed (pip install -e '.[{extra}]'; make does)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def lab_server(root: Path, timeout: float = 60):
    """JupyterLab serving ``root``; yields its URL. Stopped by its PID when the block ends."""
    port = free_port()
    settings = root / ".lab-settings"
    for name, value in QUIET_SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value), encoding="utf-8")
    log = (root / ".lab.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
         "--ServerApp.port_retries=0", "--IdentityProvider.token=", "--ServerApp.password=",
         f"--ServerApp.root_dir={root}", "--LabApp.news_url=", "--LabApp.extension_manager=readonly",
         "--allow-root"],  # CI runs as root
        stdout=log, stderr=subprocess.STDOUT, cwd=root,
        env={**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(settings), "JUPYTER_CONFIG_DIR": str(root / ".jupyter"),
             "JUPYTER_RUNTIME_DIR": str(root / ".runtime")},
        start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(url + "api/status", timeout=2).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not start: {(root / '.lab.log').read_text()[-2000:]}")
                time.sleep(0.3)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)  # its own session: the server and its kernels
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def explore_notebook(stem: str, lang: str, folder: Path) -> Path:
    """``folder/<stem>.ipynb``: the parameters cell (with ``lang``), the cell that names ``LANG``
    and ``display``, and the notebook's own last section (parameter table and explore panel,
    ``INTERACTIVE = True``)."""
    source = nbformat.read(notebooks_dir() / f"{stem}.ipynb", as_version=4)
    cells = source.cells
    parameters = next(c for c in cells if "parameters" in c.metadata.get("tags", []))
    table = next(i for i, c in enumerate(cells) if c.cell_type == "markdown" and c.source.startswith("## Parameters"))
    out = nbformat.v4.new_notebook(metadata=source.metadata)
    if lang != "en":  # the comments in the reader's language (the code is the same)
        parameters = nbformat.v4.new_code_cell(paramtable.declaration(stem[:2]).parameters_cell(lang))
    out.cells = [nbformat.v4.new_code_cell(parameters.source.replace('lang = "en"', f'lang = "{lang}"')),
                 nbformat.v4.new_code_cell("from IPython.display import Markdown, display\nLANG = lang")]
    for cell in cells[table:]:
        copy = (nbformat.v4.new_code_cell if cell.cell_type == "code" else nbformat.v4.new_markdown_cell)(
            cell.source.replace("INTERACTIVE = False", "INTERACTIVE = True"))
        out.cells.append(copy)
    path = folder / f"{stem}.ipynb"
    nbformat.write(out, path)
    return path


def run_all(page, timeout_ms: float = 60_000) -> None:
    """Open the Run menu and run every cell; wait until the kernel is idle again."""
    page.locator(".jp-Notebook").wait_for(timeout=timeout_ms)
    choose = page.locator(".jp-Dialog button.jp-mod-accept")  # "Select Kernel": the notebook's own
    with contextlib.suppress(Exception):
        choose.wait_for(timeout=5_000)
        choose.click()
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(timeout=timeout_ms)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()


def set_slider(page, name: str, value: float, timeout_ms: float = 60_000) -> None:
    """Type ``value`` into the readout of the slider labelled ``name`` (what a reader does for an
    exact value) and press Enter."""
    slider = page.locator(".widget-slider", has=page.locator("label", has_text=name)).first
    slider.wait_for(timeout=timeout_ms)
    readout = slider.locator(".widget-readout")
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(value))
    page.keyboard.press("Enter")


def shown_number(page, key: str, timeout_ms: float = 60_000) -> str:
    """The panel's "this run" value of ``key`` once the run has finished."""
    page.locator(".cm-status-done, .cm-status-error").first.wait_for(timeout=timeout_ms)
    return page.locator(f"td.cm-this-run[data-key='{key}']").first.inner_text().strip()


def panel(page):
    """The output area that holds the explore panel."""
    return page.locator(".jp-OutputArea-output", has=page.locator(".cm-readout")).last


