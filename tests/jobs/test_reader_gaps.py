"""The reader on everyday wording new users tried (issue 23): required or nice-to-have decided
per item within a line, "HF transformers", "3-5+ yrs", "engineer features", "stats",
"testing, code review". The words live in the catalogue (fixtures/roles.json aliases, editable
in the admin); only the layout and years rules are code. Read with the fixture's catalogue."""

import pytest

from bench.corpus import fixture_terms
from jobs.reading.matcher import Matcher
from jobs.reading.sections import NICE, REQUIRED


@pytest.fixture(scope="module")
def matcher():
    return Matcher(fixture_terms())


def read(matcher, *lines, heading="Requirements"):
    text = "\n".join([heading, *(f"- {line}" for line in lines)])
    return {s.slug: s.need for s in matcher.analyse(text).skills}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("SQL; BigQuery a plus", {"sql": REQUIRED, "data-warehousing": NICE}),
        ("Python and SQL, Spark is a plus", {"python": REQUIRED, "sql": REQUIRED, "spark": NICE}),
        ("SQL, BigQuery a plus", {"sql": REQUIRED, "data-warehousing": NICE}),
        ("Strong Python (Spark a plus)", {"python": REQUIRED, "spark": NICE}),
        (
            "Python or Go, and JavaScript (TypeScript preferred)",
            {"python": REQUIRED, "go": REQUIRED, "typescript": REQUIRED},
        ),
    ],
)
def test_a_marker_that_trails_one_item_makes_only_that_item_nice(matcher, line, expected):
    assert read(matcher, line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Docker, Kubernetes and Terraform are a plus", {"docker", "kubernetes", "terraform"}),
        (
            "AWS: SageMaker, Airflow, Spark is a plus",
            {"cloud-fundamentals", "aws-sagemaker", "airflow", "spark"},
        ),
        ("Ideally PyTorch, and Docker", {"pytorch", "docker"}),
        ("Cloud experience (AWS, GCP) is a plus", {"cloud-fundamentals"}),
        ("Nice to have: Spark, Airflow", {"spark", "airflow"}),
    ],
)
def test_a_marker_that_leads_or_ends_a_list_governs_all_of_it(matcher, line, expected):
    assert read(matcher, line) == dict.fromkeys(expected, NICE)


def test_hf_transformers_is_natural_language_processing(matcher):
    assert read(matcher, "Experience with HF transformers and PyTorch") == {
        "nlp": REQUIRED,
        "pytorch": REQUIRED,
    }
    assert read(matcher, "Hugging Face for our text models")["nlp"] == REQUIRED


@pytest.mark.parametrize(
    ("line", "years"),
    [
        ("3-5+ yrs of experience in ML", 3),
        ("4 yrs experience with Python", 4),
        ("2+ yr. of Python", 2),
    ],
)
def test_yrs_count_as_years(matcher, line, years):
    assert matcher.analyse(f"Requirements\n- {line}").years == years


def test_engineer_features_is_feature_engineering(matcher):
    assert read(matcher, "You can engineer features from raw event data") == {
        "feature-engineering": REQUIRED
    }


def test_stats_is_statistics(matcher):
    assert read(matcher, "Good stats and probability")["statistics"] == REQUIRED


def test_testing_and_code_review_are_software_testing(matcher):
    assert read(matcher, "Python, testing, code review") == {
        "python": REQUIRED,
        "software-testing": REQUIRED,
    }
    assert read(matcher, "Experience with testing and CI")["software-testing"] == REQUIRED
    # "testing" alone is a broad word: a duty that tests ideas is no software testing.
    assert read(matcher, "Testing new ideas with customers", heading="Responsibilities") == {}


def test_deploy_models_is_model_deployment(matcher):
    assert read(matcher, "We deploy models to production")["model-deployment"] == REQUIRED


@pytest.mark.django_db
def test_each_stored_mention_keeps_the_rule_that_fired_for_its_item(learner):
    from jobs.services import create_posting
    from tests.factories import SkillFactory

    for slug, name in [("python", "Python"), ("sql", "SQL"), ("spark", "Apache Spark")]:
        SkillFactory(slug=slug, name=name, aliases="Spark" if slug == "spark" else "")
    posting = create_posting(
        user=learner,
        title="ML engineer",
        company="",
        url="",
        text="Requirements\n- Python and SQL, Spark is a plus",
    )
    rules = {m["slug"]: (m["need"], m["rule"]) for m in posting.mentions}
    assert rules == {
        "python": (REQUIRED, 'under "Requirements": required'),
        "sql": (REQUIRED, 'under "Requirements": required'),
        "spark": (NICE, '"is a plus" in the same sentence: nice-to-have'),
    }
    assert posting.skills.get(skill__slug="spark").rule == rules["spark"][1]
