"""Two writes of one learner at once, on PostgreSQL, in real threads (issue 21, fault 9).

Each write recomputes readiness from the records it reads; unless writes of one learner queue
behind a lock, the one that read first keeps a snapshot missing the other's change.
"""

import threading
import time

import pytest
from django.db import connection, connections
from django.urls import reverse

from learners import actions
from learners.models import ReadinessSnapshot, SkillRecord
from tests.factories import RequirementFactory, RoleFactory, UserFactory
from tests.readiness_helpers import readiness_for
from tests.test_races import in_thread, signed_in

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="races need a database that runs requests concurrently: make test-postgres",
    ),
]
REPEAT = 3


def _waiting_on_a_lock() -> bool:
    """Whether another connection of this database waits for a row lock right now."""
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.parametrize("run", range(REPEAT))
def test_two_level_changes_at_once_both_reach_todays_snapshot(monkeypatch, run):
    learner = UserFactory(email=f"tabs{run}@example.com", handle=f"tabs{run}")
    role = RoleFactory()
    first = RequirementFactory(role=role, importance=3, target_level=4).skill
    second = RequirementFactory(role=role, importance=3, target_level=4).skill
    reached, go = threading.Event(), threading.Event()
    original = actions.score

    def held_after_reading(user, **kwargs):
        # The held tab stops after it read the learner's records, before it keeps the snapshot.
        result = original(user, **kwargs)
        if threading.current_thread().name == "held":
            reached.set()
            assert go.wait(20), "the gate was never opened"
        return result

    monkeypatch.setattr(actions, "score", held_after_reading)

    def level(skill):
        url = reverse("learners:set_skill_level", kwargs={"skill_slug": skill.slug})
        return lambda: signed_in(learner).post(url, {"level": 4})

    held, held_answer = in_thread("held", level(first))
    assert reached.wait(20), "the held tab never read the records"
    other, other_answer = in_thread("other", level(second))
    # Open the gate once the other tab has finished, or is queued behind the held one's lock.
    deadline = time.monotonic() + 10
    while other.is_alive() and not _waiting_on_a_lock() and time.monotonic() < deadline:
        time.sleep(0.02)
    go.set()
    held.join(30)
    other.join(30)

    assert held_answer["response"].status_code == 302
    assert other_answer["response"].status_code == 302
    assert set(SkillRecord.objects.filter(user=learner).values_list("level", flat=True)) == {4}
    snapshot = ReadinessSnapshot.objects.get(user=learner, role=role)
    assert float(snapshot.score) == pytest.approx(readiness_for(learner, role.pk).score, abs=0.01)
    assert float(snapshot.score) == pytest.approx(100.0)
