from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbStore

from learners.sessions import LearnerSessionStore


class SessionStore(LearnerSessionStore, CachedDbStore):
    """Cached database sessions (read from the cache, written through to `LearnerSession`)."""
