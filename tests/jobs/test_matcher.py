"""The matcher on its own: the pitfalls other matchers' users report, one test each.

Pure: the catalogue is a handful of SkillTerms made here, no database.
"""

import pytest

from jobs.reading.matcher import TARGETS, Matcher, SkillTerms
from jobs.reading.sections import NICE, REQUIRED

CATALOGUE = [
    SkillTerms("python", "Python"),
    SkillTerms("r", "R"),
    SkillTerms("c", "C"),
    SkillTerms("go", "Go", ("Golang",)),
    SkillTerms("react", "React", ("React.js", "ReactJS")),
    SkillTerms("art", "Art"),
    SkillTerms("java", "Java"),
    SkillTerms("typescript", "TypeScript"),
    SkillTerms("rust", "Rust"),
    SkillTerms("kubernetes", "Kubernetes", ("k8s",)),
    SkillTerms("docker", "Docker"),
    SkillTerms("scikit-learn", "scikit-learn", ("scikit learn", "sklearn")),
    SkillTerms("llm-fundamentals", "LLM fundamentals and APIs", ("LLM", "LLMs")),
    SkillTerms("vertex", "Google Cloud AI Platform (Vertex AI)"),
    SkillTerms("data-visualization", "Data visualisation"),
    SkillTerms("neural-networks", "Neural networks"),
]


@pytest.fixture(scope="module")
def matcher():
    return Matcher(CATALOGUE)


def found(matcher, text, **kwargs):
    return {s.slug: s.need for s in matcher.analyse(text, **kwargs).skills}


def test_it_finds_names_and_aliases_whatever_their_case(matcher):
    text = "We use python, K8S and Scikit Learn every day."

    assert found(matcher, text) == {
        "python": REQUIRED,
        "kubernetes": REQUIRED,
        "scikit-learn": REQUIRED,
    }


def test_a_one_letter_language_never_matches_ordinary_text(matcher):
    text = (
        "A Series C company with an R&D team, selling to the C-suite. Plan B is to go home. "
        "Vitamin C for everyone. r is not a language here."
    )

    assert found(matcher, text) == {}


def test_r_and_go_count_beside_another_technical_term(matcher):
    assert set(found(matcher, "Analyse data in Python or R.")) == {"python", "r"}
    assert set(found(matcher, "Services in Go and Kubernetes.")) == {"go", "kubernetes"}


def test_go_written_in_lower_case_or_opening_a_sentence_alone_is_not_go(matcher):
    assert found(matcher, "Go beyond dashboards. You will go far. Golang is a plus.") == {
        "go": NICE
    }


def test_react_quickly_is_not_react_but_react_js_is(matcher):
    assert found(matcher, "You react quickly to incidents. React quickly, please.") == {}
    assert found(matcher, "Our front end uses react.js.") == {"react": REQUIRED}
    assert found(matcher, "Our front end is written in React.") == {"react": REQUIRED}


def test_art_inside_state_of_the_art_is_not_art(matcher):
    assert found(matcher, "We build state-of-the-art models.") == {}


def test_a_longer_name_wins_over_its_prefix(matcher):
    analysis = matcher.analyse("Experience with Vertex AI and LLMs.")

    assert {m.text for m in analysis.mentions} == {"Vertex AI", "LLMs"}


def test_spelling_and_plural_variants_of_a_name(matcher):
    text = "Data visualization skills; you have trained a neural network."

    assert set(found(matcher, text)) == {"data-visualization", "neural-networks"}


def test_an_either_or_list_is_one_requirement_group(matcher):
    analysis = matcher.analyse("Requirements:\n- Services in TypeScript, Rust or Java.")

    assert analysis.groups == (("typescript", "rust", "java"),)
    assert {s.group for s in analysis.skills} == {1}


def test_a_list_joined_by_and_is_separate_requirements(matcher):
    analysis = matcher.analyse("Requirements:\n- TypeScript, Rust and Java.")

    assert analysis.groups == ()
    assert len(analysis.skills) == 3


def test_a_slash_joins_alternatives_too(matcher):
    analysis = matcher.analyse("Experience with Docker/Kubernetes.")

    assert analysis.groups == (("docker", "kubernetes"),)


def test_a_skill_named_alone_elsewhere_leaves_the_group(matcher):
    text = "You write Java every day.\nAny of TypeScript, Rust or Java."

    analysis = matcher.analyse(text)

    assert analysis.skill("java").group is None
    assert analysis.groups == (("typescript", "rust"),)


POSTING = """Senior Platform Engineer

Acme is a global leader in logistics. For more than 50 years we have moved goods with Java.

What you'll do
- Run our Kubernetes clusters.

Requirements:
- 5+ years of experience with Python.
- Docker preferred.

Nice to have
- Rust

Preferred qualifications: TypeScript

Benefits
- Free Go karting with the Python team.
"""


def test_sections_tell_required_from_nice_to_have(matcher):
    result = found(matcher, POSTING, title="Senior Platform Engineer")

    assert result == {
        "kubernetes": REQUIRED,
        "python": REQUIRED,
        "docker": NICE,
        "rust": NICE,
        "typescript": NICE,
    }


def test_each_skill_says_which_rule_made_it_required_or_nice(matcher):
    analysis = matcher.analyse(POSTING)

    assert analysis.skill("python").rule == 'under "Requirements": required'
    assert analysis.skill("docker").rule == '"preferred" in the same sentence: nice-to-have'
    assert analysis.skill("rust").rule == 'under "Nice to have": nice-to-have'


def test_company_blurbs_and_benefits_ask_for_nothing(matcher):
    analysis = matcher.analyse(POSTING)

    assert "java" not in analysis.slugs
    blurb = [m for m in analysis.mentions if m.slug == "java"]
    assert blurb
    assert blurb[0].need is None


def test_years_and_seniority_without_the_companys_age(matcher):
    analysis = matcher.analyse(POSTING, title="Senior Platform Engineer")

    assert analysis.years == 5
    assert analysis.seniority == "senior"
    assert analysis.required_target == TARGETS["senior"] == 4
    assert analysis.nice_target == 3


@pytest.mark.parametrize(
    ("sentence", "years"),
    [
        ("You have 3-5 years of experience in data science.", 3),
        ("At least two years of Python.", 2),
        ("5+ years building ML systems.", 5),
        ("3 years or more as a developer.", 3),
        ("We have been around for more than 50 years.", None),
        ("Founded 120 years ago, we insure farmers.", None),
        ("Our customers have trusted us for over 20 years of experience.", None),
        ("A team of 12 people with 4 offices.", None),
    ],
)
def test_years_of_experience(matcher, sentence, years):
    assert matcher.analyse(f"Requirements:\n- {sentence}").years == years


@pytest.mark.parametrize(
    ("title", "seniority"),
    [
        ("Junior Data Scientist", "junior"),
        ("Graduate ML Engineer", "junior"),
        ("Sr. MLOps Engineer", "senior"),
        ("Staff Machine Learning Engineer", "lead"),
        ("Principal AI Engineer", "lead"),
        ("Data Scientist", "mid"),
    ],
)
def test_seniority_from_the_title(matcher, title, seniority):
    assert matcher.analyse("Python.", title=title).seniority == seniority


def test_years_set_the_seniority_when_the_title_does_not(matcher):
    analysis = matcher.analyse("Requirements:\n- 8+ years of Python.", title="ML Engineer")

    assert analysis.seniority == "lead"


def test_unknown_tools_are_listed_not_mapped(matcher):
    text = "Requirements:\n- Python, Terraform and Snowflake.\n- Experience with LangChain."

    analysis = matcher.analyse(text)

    assert analysis.slugs == {"python"}
    assert analysis.unknown_terms == ("Terraform", "Snowflake", "LangChain")


def test_a_phrase_marked_not_a_skill_is_left_out(matcher):
    analysis = matcher.analyse("Python and Docker.", ignore=frozenset({"docker"}))

    assert analysis.slugs == {"python"}


def test_urls_and_emails_name_no_skill(matcher):
    text = "Apply at https://jobs.example.org/python-docker or docker@example.org"

    assert found(matcher, text) == {}


def test_importance_grows_with_mentions(matcher):
    analysis = matcher.analyse("Python. Python again. Python once more. Docker is a plus.")

    assert analysis.skill("python").importance == 5
    assert analysis.skill("docker").importance == 1


def test_empty_and_odd_text_gives_an_empty_analysis(matcher):
    for text in ["", "\n\n\n", "\x00\x01binary\xff", "<script>alert(1)</script>"]:
        analysis = matcher.analyse(text)
        assert analysis.skills == ()


def test_an_empty_catalogue_matches_nothing():
    assert Matcher([]).analyse("Python and Docker").skills == ()


def test_a_word_of_the_title_is_not_an_unknown_tool(matcher):
    analysis = matcher.analyse(
        "MLOps Engineer\nRequirements: MLOps, Python and Snowflake.", title="MLOps Engineer"
    )

    assert analysis.unknown_terms == ("Snowflake",)


def test_years_and_emails_still_read_after_the_linear_rewrite():
    matcher = Matcher(CATALOGUE)

    assert matcher.analyse("5+ years of experience with Python.").years == 5
    blanked = matcher.analyse("Send it to python.jobs@example.com with your CV.")
    assert "python" not in {s.slug for s in blanked.skills}


# Failure classes learnt from real postings (issue 23 item 2), read with the catalogue's own
# names and aliases (fixtures/roles.json), as `make eval-jobs` reads them.


def _read(text, title="Machine Learning Engineer"):
    from bench.corpus import fixture_terms

    analysis = Matcher(fixture_terms()).analyse(text, title=title)
    return {s.slug: s.need for s in analysis.skills}


def test_verb_and_noun_forms_of_deployment_are_model_deployment():
    found = _read("Requirements\n- 3+ years deploying ML models to production\n")

    assert found.get("model-deployment") == REQUIRED


def test_tool_names_stand_for_their_skill():
    found = _read(
        "Requirements\n- Pipelines on Kubeflow or Argo\n- Serving with TensorRT or vLLM\n"
        "Nice to have\n- Post-training of models\n"
    )

    assert found.get("airflow") == REQUIRED
    assert found.get("model-deployment") == REQUIRED
    assert found.get("llm-fine-tuning") == NICE


def test_spaced_ci_cd_and_soft_skills_written_as_sentences():
    found = _read(
        "Requirements\n- CI / CD pipelines for services\n"
        "- You enjoy solving challenging problems and have strong problem-solving skills\n"
        "- Excellent communication, written and verbal\n- Experience with public cloud services\n"
    )

    assert found.get("ci-cd-ml") == REQUIRED
    assert found.get("problem-solving") == REQUIRED
    assert found.get("communication") == REQUIRED
    assert found.get("cloud-fundamentals") == REQUIRED


def test_a_run_on_paragraph_glued_with_dashes_splits_required_from_nice():
    found = _read(
        "Required Skills - Strong Python and SQL - Solid statistical methods - "
        "Clear communication - Nice to have - Kubernetes"
    )

    assert found.get("python") == REQUIRED
    assert found.get("sql") == REQUIRED
    assert found.get("kubernetes") == NICE


def test_a_range_of_years_is_not_cut_by_the_glue_rule():
    found = _read("Requirements - 3 - 5 years of Python - SQL - Docker - Nice to have - Go")

    assert found.get("python") == REQUIRED


def test_a_location_field_opens_no_section():
    # A real posting: "Location: Remote" then the requirement bullets, which were all ignored.
    found = _read("Title: ML Engineer\n\nLocation: Remote\n\n* Fluency in Python\n* Docker\n")

    assert found.get("python") == REQUIRED
