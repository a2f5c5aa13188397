from django.apps import AppConfig


class LearnersConfig(AppConfig):
    name = "learners"
    verbose_name = "Learners"

    def ready(self):
        from learners import signals
        from learners.security import connect_receivers

        connect_receivers()
        # Every change to a learner's records makes their cached dashboard stale.
        signals.connect()
