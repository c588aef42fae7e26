"""The claims map (book/claims.yaml) follows its rule: 'reproduced' only where the paper prints the
value and ours, in the committed figures/<notebook>/results.json, rounds to it."""

import copy
import sys

import pytest
import yaml

from clustermodels.paths import repo_root

ROOT = repo_root()
sys.path.insert(0, str(ROOT / "book"))
pytest.importorskip("nbformat")
import pages  # noqa: E402 - book/pages.py

DATA = yaml.safe_load((ROOT / "book" / "claims.yaml").read_text(encoding="utf-8"))


def test_every_claim_follows_the_rule():
    assert pages.check_claims(ROOT, DATA) == []


def test_every_status_has_its_rule_stated_and_every_paper_is_mapped():
    assert set(DATA["statuses"]) == set(pages.STATUSES)
    stems = sorted(p.name[:-6] for p in (ROOT / "notebooks").glob("0*.ipynb"))
    assert sorted(p["notebook"] for p in DATA["papers"]) == stems


def test_reproduced_claims_name_values_that_the_committed_results_match():
    reproduced = [(p["notebook"], c) for p in DATA["papers"] for c in p["claims"] if c["status"] == "reproduced"]
    for stem, claim in reproduced:
        results = pages.results_of(ROOT, stem)
        assert claim["compare"]
        for item in claim["compare"]:
            assert pages.compare(item, results)["matches"]


def _one(status, compare=None):
    claim = {"claim": "x", "where": "Section 1", "status": status, "why": "y"}
    if compare is not None:
        claim["compare"] = compare
    return claim


RESULTS = {"a": {"b": 7.015}, "c": 160.1627, "rate": 0.57}


@pytest.mark.parametrize("claim, ok", [
    (_one("reproduced"), False),                                               # no printed value
    (_one("reproduced", [{"key": ["c"], "paper": "160.16"}]), True),
    (_one("reproduced", [{"key": ["c"], "paper": "160.2"}]), True),             # printed to 1 decimal
    (_one("reproduced", [{"key": ["c"], "paper": "160.17"}]), False),           # does not round to it
    (_one("reproduced", [{"key": ["a", "b"], "paper": "7.01"}]), True),         # 7.015: half a unit away
    (_one("reproduced", [{"key": ["a", "b"], "paper": "7.00"}]), False),
    (_one("reproduced", [{"key": ["missing"], "paper": "1"}]), False),
    (_one("our reading", [{"key": ["c"], "paper": "160.16"}]), False),          # a match is 'reproduced'
    (_one("tie-break", [{"key": ["rate"], "paper": "0.57"}]), True),            # unless built in
    (_one("calibrated to match", [{"key": ["c"], "paper": "160.16"}]), True),
    (_one("calibrated to match", [{"key": ["c"], "paper": "150"}]), False),     # built in, yet off
    (_one("our reading"), True),
    (_one("reproduced exactly"), False),                                       # not a status
])
def test_the_rule_has_teeth(claim, ok):
    assert (pages.claim_problems(claim, RESULTS) == []) is ok


def test_the_summaries_count_every_status():
    data = copy.deepcopy(DATA)
    table = pages.claims_summary(data)
    for status in pages.STATUSES:
        assert f"| {status} |" in table
    paper = data["papers"][0]
    counted = pages.counts(paper)
    assert sum(counted.values()) == len(paper["claims"])
    one = pages.claims_summary(data, paper["notebook"])
    assert all(f"| {s} | {n} |" in one for s, n in counted.items())
