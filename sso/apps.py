from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "sso"
    verbose_name = "Single Sign-on"
    default_auto_field = "django.db.models.BigAutoField"
