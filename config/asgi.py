# Tenant routes stay synchronous: a connection opened under sync_to_async in another thread
# runs in `public` (django-tenants #518, #1168). ASGI is provided for completeness only.
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_asgi_application()
