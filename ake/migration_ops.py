"""Operations for the migrations that moved hand-written `x_fi`/`x_sv` fields to django-modeltranslation.

The existing columns `x_fi`, `x_sv` (and `x_en` where there was one) become modeltranslation's
translation columns as they are: no value moves. The new original column `x` gets the Finnish text
(modeltranslation keeps the original column; our code reads only the translation columns).
"""

from django.db import migrations
from django.db.models import F, Value
from django.db.models.functions import Coalesce


def copy_finnish_to_original(app_label: str, model_name: str, *fields: str) -> migrations.RunPython:
    """RunPython: `x` := `x_fi` for each field (NULL Finnish becomes the empty text)."""

    def forward(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        model._base_manager.update(**{field: Coalesce(F(f"{field}_fi"), Value("")) for field in fields})

    return migrations.RunPython(forward, migrations.RunPython.noop, elidable=False)


def copy_original_to_finnish(app_label: str, model_name: str, *fields: str) -> migrations.RunPython:
    """RunPython for a field newly registered with modeltranslation: `x_fi` := `x` (the text so far).

    Backwards the Finnish text goes back to the original column, whatever the forward step left in it.
    """

    def forward(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        model._base_manager.update(**{f"{field}_fi": F(field) for field in fields})

    def backward(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        model._base_manager.exclude(**{f"{fields[0]}_fi": None}).update(
            **{field: Coalesce(F(f"{field}_fi"), F(field)) for field in fields}
        )

    return migrations.RunPython(forward, backward, elidable=False)
