from django.apps import AppConfig


class OparlConfig(AppConfig):
    name = "oparl"
    verbose_name = "Ratsinformation (OParl)"
