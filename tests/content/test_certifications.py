"""Issue 22 items 2-4: no invented credential in public, the right exam for the step, and
verification hosts that match the issuers' real links."""

import datetime as dt

import pytest
from django.urls import reverse

from learners.forms import EarnedCertificationForm
from learners.models import EarnedCertification
from learners.readiness.load import role_profiles
from roles.content_release import sync_content
from roles.evidence import certification_url_is_evidence
from roles.models import Certification, Level, Role
from tests import factories as f

pytestmark = pytest.mark.django_db
INVENTED = "iapp-certified-machine-learning-specialist"
INVENTED_NAME = "Certified Machine Learning Specialist"
MLE = "machine-learning-engineer"
ISSUED = (dt.date.today() - dt.timedelta(days=10)).isoformat()


def _public_pages(client):
    urls = [reverse("roles:certification_list"), reverse("roles:home")]
    urls += [role.get_absolute_url() for role in Role.objects.published()]
    urls += [reverse("roles:search") + "?q=Machine+Learning", reverse("roles:search") + "?q=IAPP"]
    urls += [reverse("roles:skill_detail", args=[slug]) for slug in ("ai-ethics", "ai-governance")]
    return {url: client.get(url) for url in urls}


# --- item 2: the invented credential -------------------------------------------------------


def test_the_invented_credential_is_on_no_public_page(client, demo_content):
    for url, response in _public_pages(client).items():
        assert response.status_code == 200, url
        assert INVENTED_NAME not in response.content.decode(), url
    detail = client.get(reverse("roles:certification_detail", args=[INVENTED]))
    assert detail.status_code == 404


def test_the_invented_credential_is_in_no_search_panel(client, demo_content):
    response = client.get(reverse("roles:search"), {"q": "Specialist"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert INVENTED_NAME not in response.content.decode()


def test_the_invented_credential_is_in_no_form_choice(client, learner, demo_content):
    form = EarnedCertificationForm(user=learner)
    labels = [label for _, label in form.fields["certification"].choices]
    assert not any(INVENTED_NAME in str(label) for label in labels)
    assert any("AWS Certified AI Practitioner" in str(label) for label in labels)
    client.force_login(learner)
    page = client.get(reverse("learners:certification_add")).content.decode()
    assert INVENTED_NAME not in page
    invented = Certification.objects.get(slug=INVENTED)
    response = client.post(
        reverse("learners:certification_add"),
        {"certification": invented.pk, "issued_on": ISSUED},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code in (200, 422)  # the form again, with its error
    assert not EarnedCertification.objects.filter(user=learner).exists()


def test_the_invented_credential_is_not_called_retired_or_replaced(demo_content):
    invented = Certification.objects.get(slug=INVENTED)
    assert not invented.is_recognised
    assert not invented.is_retired
    assert invented.successor is None
    assert not invented.credits.exists()
    assert not invented.roles.exists()


@pytest.fixture
def recorded_invented(learner, demo_content):
    learner.is_public = True
    learner.save(update_fields=["is_public"])
    invented = Certification.objects.get(slug=INVENTED)
    return f.EarnedCertificationFactory(
        user=learner,
        certification=invented,
        expires_on=None,
        verification_url="https://www.credential.net/abc",
    )


def test_a_learners_record_of_it_is_kept_and_shown_as_not_recognised(
    client, learner, recorded_invented
):
    client.force_login(learner)
    dashboard = client.get(reverse("learners:dashboard")).content.decode()
    assert "Not a recognised certification" in dashboard
    assert (
        "never expires" not in dashboard.split('id="certifications"', 1)[1].split("</section>")[0]
    )
    client.logout()
    profile = client.get(reverse("accounts:profile", kwargs={"handle": learner.handle}))
    section = profile.content.decode().split('id="certifications-heading"', 1)[1]
    section = section.split("</section>", 1)[0]
    assert INVENTED_NAME in section
    assert "not a recognised certification" in section
    assert "self-reported" in section
    assert "Verify this credential" not in section
    assert reverse("roles:certification_detail", args=[INVENTED]) not in section
    assert EarnedCertification.objects.filter(pk=recorded_invented.pk).exists()


def test_editing_that_record_keeps_it_as_the_learners_own_word(learner, recorded_invented):
    form = EarnedCertificationForm(instance=recorded_invented, user=learner)
    assert form.initial["certification"] is None
    assert INVENTED_NAME in form.initial["other_name"]
    data = {
        "certification": "",
        "other_name": form.initial["other_name"],
        "other_issuer": form.initial["other_issuer"],
        "issued_on": recorded_invented.issued_on.isoformat(),
    }
    bound = EarnedCertificationForm(data, instance=recorded_invented, user=learner)
    assert bound.is_valid(), bound.errors
    saved = bound.save()
    assert saved.certification_id is None
    assert INVENTED_NAME in saved.other_name


def test_a_content_release_keeps_the_record_and_hides_the_name(learner, demo_content):
    invented = Certification.objects.get(slug=INVENTED)
    earned = f.EarnedCertificationFactory(user=learner, certification=invented)
    sync_content(__import__("pathlib").Path("fixtures/roles.json"))
    assert EarnedCertification.objects.filter(pk=earned.pk).exists()
    assert not Certification.objects.get(slug=INVENTED).is_recognised


# --- item 3: the exam that fits the step ---------------------------------------------------


def test_every_certification_has_a_level(demo_content):
    levels = set(Certification.ExamLevel.values)
    for certification in Certification.objects.all():
        assert certification.level in levels, certification.slug


def _certification_closers(closers):
    return [c for c in closers if c.kind == "certification"]


def test_no_step_towards_guided_or_independent_offers_a_senior_exam_when_a_foundational_one_fits(
    demo_content,
):
    level_of = dict(Certification.objects.values_list("name", "level"))
    foundational_skills = set(
        Certification.objects.recognised()
        .filter(level="foundational", is_retired=False)
        .values_list("credits__skill_id", flat=True)
    )
    checked = 0
    for profile in role_profiles().values():
        for spec in profile.requirements:
            if spec.target > Level.INDEPENDENT or spec.skill_id not in foundational_skills:
                continue
            offered = [level_of[c.title] for c in _certification_closers(spec.closers)]
            assert offered, (profile.slug, spec.skill_slug)
            assert offered[0] == "foundational", (profile.slug, spec.skill_slug)
            assert not {"professional", "specialty"} & set(offered), (profile.slug, spec.skill_slug)
            checked += 1
    assert checked >= 5


def test_a_beginners_next_step_for_cloud_fundamentals_names_a_foundational_exam(
    client, learner, demo_content
):
    """Tried as a new user would: a beginner aiming at ML Engineer opens the plan."""
    learner.target_role = Role.objects.get(slug=MLE)
    learner.save(update_fields=["target_role"])
    client.force_login(learner)
    html = client.get(reverse("learners:plan")).content.decode()
    step = html.split(">Cloud computing fundamentals</a>", 1)[1].split("</li>", 1)[0]
    assert "Google Cloud Digital Leader" in step
    assert "(foundational exam, credits Guided)" in step
    assert "Professional" not in step
    assert "Specialty" not in step
    for profile in role_profiles().values():
        for spec in profile.requirements:
            if spec.skill_slug == "cloud-fundamentals" and spec.target <= Level.INDEPENDENT:
                names = [c.title for c in _certification_closers(spec.closers)]
                assert names[0] == "Google Cloud Digital Leader", profile.slug
                assert "AWS Certified Generative AI Developer – Professional (AIP-C01)" not in names


def test_an_advanced_target_still_gets_the_exam_that_reaches_it(ml_skill):
    skill, role = ml_skill
    f.RequirementFactory(role=role, skill=skill, target_level=Level.ADVANCED)
    basic = f.CertificationFactory(name="Basics", level="foundational")
    f.CertificationSkillFactory(certification=basic, skill=skill, level=2)
    deep = f.CertificationFactory(name="Deep", level="professional")
    f.CertificationSkillFactory(certification=deep, skill=skill, level=4)
    closers = _certification_closers(role_profiles()[role.id].requirements[0].closers)
    assert [c.title for c in closers] == ["Deep"]


def test_a_low_target_prefers_foundational_then_associate_and_drops_senior_exams(ml_skill):
    skill, role = ml_skill
    f.RequirementFactory(role=role, skill=skill, target_level=Level.INDEPENDENT)
    for name, level, credit in [
        ("Pro", "professional", 3),
        ("Spec", "specialty", 4),
        ("Assoc", "associate", 3),
        ("Found", "foundational", 2),
    ]:
        cert = f.CertificationFactory(name=name, level=level)
        f.CertificationSkillFactory(certification=cert, skill=skill, level=credit)
    closers = _certification_closers(role_profiles()[role.id].requirements[0].closers)
    assert [c.title for c in closers] == ["Found", "Assoc"]
    assert closers[0].detail == "foundational exam, credits Guided"


def test_without_a_foundational_exam_a_low_target_keeps_the_exams_that_reach_it(ml_skill):
    skill, role = ml_skill
    f.RequirementFactory(role=role, skill=skill, target_level=Level.GUIDED)
    pro = f.CertificationFactory(name="Pro", level="professional")
    f.CertificationSkillFactory(certification=pro, skill=skill, level=3)
    closers = _certification_closers(role_profiles()[role.id].requirements[0].closers)
    assert [c.title for c in closers] == ["Pro"]


def test_a_retired_exams_successor_is_offered_only_for_skills_it_credits(ml_skill):
    skill, role = ml_skill
    other = f.SkillFactory(slug="other-skill", name="Other skill")
    f.RequirementFactory(role=role, skill=skill, target_level=Level.INDEPENDENT)
    f.RequirementFactory(role=role, skill=other, target_level=Level.INDEPENDENT)
    successor = f.CertificationFactory(name="New exam", level="associate")
    f.CertificationSkillFactory(certification=successor, skill=other, level=3)
    retired = f.CertificationFactory(name="Old exam", is_retired=True, successor=successor)
    f.CertificationSkillFactory(certification=retired, skill=skill, level=3)
    f.CertificationSkillFactory(certification=retired, skill=other, level=3)
    by_skill = {
        spec.skill_id: _certification_closers(spec.closers)
        for spec in role_profiles()[role.id].requirements
    }
    assert by_skill[skill.id] == []
    assert [(c.title, c.detail) for c in by_skill[other.id]] == [
        ("New exam", "associate exam, credits Independent, replaces Old exam")
    ]


def test_an_unrecognised_name_is_never_offered(ml_skill):
    skill, role = ml_skill
    f.RequirementFactory(role=role, skill=skill, target_level=Level.INDEPENDENT)
    fake = f.CertificationFactory(name="Fake", level="foundational", is_recognised=False)
    f.CertificationSkillFactory(certification=fake, skill=skill, level=3)
    assert _certification_closers(role_profiles()[role.id].requirements[0].closers) == []


@pytest.fixture
def ml_skill(db):
    role = f.RoleFactory(slug="mle", title="MLE")
    skill = f.SkillFactory(slug="the-skill", name="The skill")
    return skill, role


# --- item 4: verification hosts ------------------------------------------------------------


def test_a_google_credential_on_its_real_verification_host_counts(demo_content):
    google = Certification.objects.get(slug="google-professional-machine-learning-engineer")
    hosts = google.verification_host_list
    for url in (
        "https://www.credential.net/3f1c2a9e-1111-4c2b-9d1e-abcdef012345",
        "https://google.accredible.com/3f1c2a9e-1111-4c2b-9d1e-abcdef012345",
        "https://www.credly.com/badges/3f1c2a9e-1111-4c2b-9d1e-abcdef012345",
    ):
        assert certification_url_is_evidence(url, hosts), url
    assert not certification_url_is_evidence("https://credential.net.evil.example/x", hosts)


def test_saving_a_google_link_says_whether_it_counts(client, learner, demo_content):
    google = Certification.objects.get(slug="google-professional-machine-learning-engineer")
    client.force_login(learner)
    good = client.post(
        reverse("learners:certification_add"),
        {
            "certification": google.pk,
            "issued_on": ISSUED,
            "verification_url": "https://www.credential.net/3f1c2a9e",
        },
        follow=True,
    )
    assert "Its link counts as evidence." in good.content.decode()
    earned = EarnedCertification.objects.get(user=learner)
    assert earned.is_evidence
    unknown = client.post(
        reverse("learners:certification_edit", args=[earned.pk]),
        {
            "certification": google.pk,
            "issued_on": ISSUED,
            "verification_url": "https://my-portfolio.example.com/google-cert",
        },
        follow=True,
    )
    html = unknown.content.decode()
    assert "does not count as evidence" in html
    assert "www.credential.net" in html


# --- item 7: a certification not in the catalogue is the learner's own word ----------------


@pytest.mark.parametrize("htmx", [False, True])
def test_the_dashboard_gives_no_expiry_the_learner_did_not_give(client, learner, role, htmx):
    f.EarnedCertificationFactory(
        user=learner, certification=None, other_name="Hogwarts Data Wizard", expires_on=None
    )
    catalogue = f.CertificationFactory(name="Forever cert", validity_months=None)
    f.EarnedCertificationFactory(user=learner, certification=catalogue, expires_on=None)
    client.force_login(learner)
    headers = {"HX-Request": "true"} if htmx else {}
    html = client.get(reverse("learners:dashboard"), headers=headers).content.decode()
    items = html.split('id="certifications"', 1)[1].split("</section>", 1)[0].split("<li ")
    wizard = next(item for item in items if "Hogwarts Data Wizard" in item)
    forever = next(item for item in items if "Forever cert" in item)
    assert "never expires" not in wizard
    assert "no expiry given" in wizard
    assert "never expires" in forever  # the catalogue says so


def test_each_page_says_the_exams_level(client, demo_content):
    listing = client.get(reverse("roles:certification_list")).content.decode()
    assert "Google Cloud · Foundational ·" in listing
    detail = client.get(
        reverse("roles:certification_detail", args=["aws-certified-ai-practitioner"])
    )
    assert '<dt class="col-sm-3">Level</dt><dd class="col-sm-9">Foundational</dd>' in (
        detail.content.decode()
    )
    role = client.get(reverse("roles:role_detail", args=[MLE])).content.decode()
    assert "foundational exam ·" in role
    assert "professional exam ·" in role
