"""The labelled corpus and the floors of `make eval-jobs`, against the catalogue's fixtures."""

from bench.corpus import FLOORS, evaluate, fixture_terms, load_corpus
from jobs.reading.matcher import Matcher

ROLES = {
    "machine-learning-engineer",
    "data-scientist",
    "mlops-engineer",
    "ai-research-scientist",
    "machine-learning-developer",
    "ai-consultant",
    "ai-engineer",
}


def test_the_corpus_covers_every_role_and_seniority():
    postings = load_corpus()

    assert len(postings) >= 30
    assert {p.role for p in postings} == ROLES
    assert {p.seniority for p in postings} == {"junior", "mid", "senior", "lead"}


def test_every_label_names_a_catalogue_skill():
    known = {t.slug for t in fixture_terms()}

    for posting in load_corpus():
        assert posting.skills <= known, (posting.name, posting.skills - known)
        assert not posting.required & posting.nice, posting.name
        for group in posting.groups:
            assert group <= posting.skills, (posting.name, group)


def test_the_matcher_reads_the_corpus_above_the_floors():
    terms = fixture_terms()

    score = evaluate(load_corpus(), Matcher(terms), {t.slug for t in terms})

    assert score.precision >= FLOORS["precision"], score.misses
    assert score.recall >= FLOORS["recall"], score.misses
    assert score.split >= FLOORS["split"], score.misses
    assert score.years >= FLOORS["years"], score.misses


def test_the_matcher_reads_the_real_postings_above_the_floors():
    # ../shared/data/job-postings-real/ (CI has it); skipped where it is absent.
    import pytest

    from bench.corpus import REAL_FLOORS, evaluate_real, real_dir

    directory = real_dir()
    if directory is None:
        pytest.skip("../shared/data/job-postings-real/ not present")
    terms = fixture_terms()

    score = evaluate_real(directory, Matcher(terms), terms)

    assert score.precision >= REAL_FLOORS["precision"], score.per_posting
    assert score.recall >= REAL_FLOORS["recall"], score.per_posting
    assert score.split >= REAL_FLOORS["split"], score.per_posting
