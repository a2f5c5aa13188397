from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = "Career content"

    def ready(self):
        from roles.cache import bump_content_version

        # Any change to content, including many-to-many links, makes cached public pages stale.
        for model in self.get_models(include_auto_created=True):
            if model._meta.auto_created:
                m2m_changed.connect(
                    bump_content_version, sender=model, dispatch_uid=f"content-m2m-{model.__name__}"
                )
            post_save.connect(
                bump_content_version, sender=model, dispatch_uid=f"content-save-{model.__name__}"
            )
            post_delete.connect(
                bump_content_version, sender=model, dispatch_uid=f"content-delete-{model.__name__}"
            )
