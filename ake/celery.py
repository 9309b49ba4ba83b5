import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ake.settings.dev")

app = Celery("ake")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
