"""Issue 22 item 7: resources typed as what they are (a paper is not a book) and a paid course
not marked free."""

import json
from pathlib import Path

RELEASE = Path("fixtures/roles.json")


def _resources():
    return [o["fields"] for o in json.loads(RELEASE.read_text()) if o["model"] == "roles.resource"]


def test_research_papers_are_typed_as_papers():
    for resource in _resources():
        if resource["url"].startswith("https://arxiv.org/abs/"):
            assert resource["kind"] == "paper", resource["title"]
    papers = [r["title"] for r in _resources() if r["kind"] == "paper"]
    assert any("LoRA" in title for title in papers)
    assert any("Retrieval-Augmented Generation" in title for title in papers)


def test_a_coursera_course_is_not_marked_free():
    for resource in _resources():
        if "coursera.org" in resource["url"]:
            assert not resource["is_free"], resource["title"]
            assert "free" not in resource["title"].lower(), resource["title"]
