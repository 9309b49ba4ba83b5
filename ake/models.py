from django.db import models


class DemoDataLoad(models.Model):
    """Marks a part of the demo data as loaded, so that running `demo_data` again adds nothing."""

    key = models.CharField(max_length=100, unique=True)
    scale = models.PositiveIntegerField(default=1)
    loaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.key
