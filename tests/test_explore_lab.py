"""The explore panel used as a reader uses it (issue 22): JupyterLab on 127.0.0.1 (a free port, no
token, for this test only), notebook 04's explore section opened and run in headless Chromium,
one slider moved; the number the panel shows must become the run API's value. The server is
stopped by its process id, also when the test fails. Skipped, saying why, without Chromium,
playwright, jupyterlab or ipywidgets."""

from __future__ import annotations

import pytest

from clustermodels import labsession
from clustermodels.explore import shown
from clustermodels.runapi import paper_module

STEM = "04_water_allocation_fuzzy_coalitions"
KEY = "player_benefit.1"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    reason = labsession.missing()
    if reason:
        pytest.skip(f"JupyterLab browser test skipped: {reason}")
    folder = tmp_path_factory.mktemp("lab")
    labsession.explore_notebook(STEM, "en", folder)
    with labsession.lab_server(folder) as url:
        yield url


def test_moving_a_slider_shows_the_run_api_value(lab):
    from playwright.sync_api import sync_playwright

    expected = shown(paper_module("04").headline(shared_supply=45)[KEY])
    default = shown(paper_module("04").headline()[KEY])
    assert expected != default  # the move must show in the number
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(labsession.CHROMIUM), args=labsession.FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 1400})
            page.goto(f"{lab}lab/tree/{STEM}.ipynb?reset")
            labsession.run_all(page)
            labsession.set_slider(page, "shared_supply", 45)
            assert labsession.shown_number(page, KEY) == expected
            labsession.set_slider(page, "shared_supply", 80)  # the calibration refuses it: the CLI's message
            page.locator(".cm-status-error").first.wait_for(timeout=60_000)
            assert "are invalid together" in page.locator(".cm-status-error").first.inner_text()
        finally:
            browser.close()
