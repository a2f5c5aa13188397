"""Shorthands for tests: readiness of a stored learner, through the one loader and the engine."""

import datetime as dt

from learners.readiness import Readiness, compute_readiness, load_records, role_profiles
from roles import evidence


def readiness_for(user, role_id: int, *, today: dt.date | None = None) -> Readiness:
    day = today or dt.date.today()
    return compute_readiness(role_profiles()[role_id], load_records(user), today=day)


def certification_is_evidence(earned) -> bool:
    """An oracle for the loader's SQL: someone else can check this certification (an https
    verification link on the certification's own verification hosts); one the learner described
    themselves counts as their own word."""
    if not earned.in_catalogue:
        return False
    return evidence.certification_url_is_evidence(
        earned.verification_url, earned.certification.verification_host_list
    )


def all_roles_readiness(user, *, today: dt.date | None = None) -> list[Readiness]:
    """Every published role, most ready first (as the dashboard's every-role table)."""
    day = today or dt.date.today()
    records = load_records(user)
    results = [compute_readiness(p, records, today=day) for p in role_profiles().values()]
    return sorted(results, key=lambda r: (-r.score, -r.evidenced_score, r.role_title))
