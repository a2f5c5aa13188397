from django.contrib.sessions.backends.db import SessionStore as DbStore

from learners.sessions import LearnerSessionStore


class SessionStore(LearnerSessionStore, DbStore):
    """Database sessions stored in `LearnerSession`, with the user's id in its own column."""
