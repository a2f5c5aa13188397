from django.contrib.sessions.backends.db import SessionStore as DbStore

from learners.sessions import user_id_of


class SessionStore(DbStore):
    """Database sessions stored in `LearnerSession`, with the user's id in its own column."""

    @classmethod
    def get_model_class(cls):
        from learners.models import LearnerSession

        return LearnerSession

    def create_model_instance(self, data):
        obj = super().create_model_instance(data)
        obj.user_id = user_id_of(data)
        return obj
