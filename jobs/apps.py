from django.apps import AppConfig


class JobsConfig(AppConfig):
    """A learner's pasted job postings, read against the catalogue and scored by the engine.

    Builds on `roles` and `learners`; nothing imports it but `careerhub/`.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "jobs"
    verbose_name = "Job postings"

    def ready(self):
        from jobs.export import register

        register()
