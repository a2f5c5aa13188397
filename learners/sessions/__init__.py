"""Session engines whose rows know their user (an indexed column), so finding one learner's
sessions ("log out everywhere", account deletion) is an index lookup, not a decode of every
session in the table. Django's documented way to extend the database-backed engines.

SESSION_ENGINE is `learners.sessions.db` without a shared cache and `learners.sessions.cached_db`
with Redis (see settings).
"""


def user_id_of(data: dict) -> int | None:
    """The signed-in user's id as the session data holds it, if any."""
    value = data.get("_auth_user_id")
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


class LearnerSessionStore:
    """What both engines add to Django's: the `LearnerSession` model, and the user's id written
    to its own column whenever a session row is built. Mixed in before Django's store."""

    @classmethod
    def get_model_class(cls):
        from learners.models import LearnerSession

        return LearnerSession

    def create_model_instance(self, data):
        obj = super().create_model_instance(data)
        obj.user_id = user_id_of(data)
        return obj
