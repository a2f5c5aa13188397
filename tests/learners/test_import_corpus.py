"""The floors of issue 24 on the labelled corpus (tests/data/cvs/, `make eval-import`)."""

from pathlib import Path

import pytest

from bench.eval_import import (
    CORPUS,
    FLOORS,
    SPEED_LIMITS_MS,
    _catalogue,
    evaluate,
    load_labels,
    long_cv,
    speed_ms,
)


def test_the_corpus_is_what_the_issue_asks_for():
    labels = load_labels()
    assert len(labels) >= 12
    for name in labels:
        assert (CORPUS / name).is_file(), name
    kinds = {Path(name).suffix for name in labels}
    assert {".pdf", ".docx", ".txt", ".json", ".zip"} <= kinds
    producers = {label["producer"] for name, label in labels.items() if name.endswith(".pdf")}
    assert len(producers) >= 3


def test_the_reader_holds_the_floors_on_the_corpus():
    figures = evaluate(load_labels(), _catalogue()).figures()
    for key, floor in FLOORS.items():
        assert figures[key] >= floor, f"{key}: {figures[key]:.3f} < {floor}"


@pytest.mark.timing
@pytest.mark.parametrize("pages", sorted(SPEED_LIMITS_MS))
def test_reading_a_pdf_cv_is_fast(pages):
    assert speed_ms(long_cv(pages), runs=3) < SPEED_LIMITS_MS[pages]
