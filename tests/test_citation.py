"""CITATION.cff is valid Citation File Format 1.2.0 and .zenodo.json (the metadata for archiving a
release with a DOI) says the same; each notebook's How-to-cite cell is built from them."""

import json

import jsonschema
import pytest
import yaml

from clustermodels import citation
from clustermodels.paths import repo_root

ROOT = repo_root()
# The CFF 1.2.0 JSON schema as shipped in the cffconvert 2.0.0 wheel (Apache-2.0), kept here so
# the test needs no network and no cffconvert (whose jsonschema<4 pin clashes with Jupyter's).
SCHEMA = ROOT / "tests" / "data" / "cff-schema-1.2.0.json"


@pytest.fixture(scope="module")
def cff():
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def zenodo():
    return json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))


def _validate(data):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    # dates and versions as YAML reads them (a date object) are strings in the schema's JSON
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(
        json.loads(json.dumps(data, default=str)))


def test_citation_cff_is_valid_cff_1_2_0(cff):
    assert cff["cff-version"] == "1.2.0"
    _validate(cff)
    for key in ("title", "authors", "version", "date-released", "license", "abstract", "keywords", "references"):
        assert cff.get(key), key


def test_the_schema_check_has_teeth(cff):
    broken = {**cff, "date-released": "25 November 2026"}
    with pytest.raises(jsonschema.ValidationError):
        _validate(broken)
    with pytest.raises(jsonschema.ValidationError):
        _validate({k: v for k, v in cff.items() if k != "authors"})


def test_zenodo_metadata_matches_citation_cff(cff, zenodo):
    assert zenodo["title"] == cff["title"]
    assert zenodo["version"] == str(cff["version"])
    assert zenodo["publication_date"] == str(cff["date-released"])
    assert zenodo["upload_type"] == "software"
    assert [c["name"] for c in zenodo["creators"]] == [a["name"] for a in cff["authors"]]
    assert zenodo["license"].lower() == cff["license"].lower()
    assert zenodo["keywords"] == cff["keywords"]
    assert zenodo["description"].strip() == cff["abstract"].strip()
    dois = {r["doi"] for r in cff["references"] if "doi" in r}
    assert {r["identifier"] for r in zenodo["related_identifiers"]} == dois


@pytest.mark.parametrize("notebook", sorted(citation.PAPERS))
def test_how_to_cite_names_year_and_both_works(notebook, cff):
    text = citation.how_to_cite(notebook)
    assert str(cff["date-released"])[:4] in text
    assert "@software{clustermodels" in text and f"@article{{paper{notebook}" in text
    assert citation.paper(notebook)["title"] in text
    assert ("url = {" in text) == bool(cff.get("repository-code"))
