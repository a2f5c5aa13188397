from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbStore

from learners.sessions import user_id_of


class SessionStore(CachedDbStore):
    """Cached database sessions (read from the cache, written through to `LearnerSession`)."""

    @classmethod
    def get_model_class(cls):
        from learners.models import LearnerSession

        return LearnerSession

    def create_model_instance(self, data):
        obj = super().create_model_instance(data)
        obj.user_id = user_id_of(data)
        return obj
