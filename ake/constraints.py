"""Database constraints that speak to the person filling in a form (issue #15, item 13).

Every CheckConstraint and conditional UniqueConstraint of the project carries a translated
``violation_error_message`` (Django's default is the raw "Constraint “event_ends_after_start” is
violated"). Django shows a check constraint's message among the form's general errors; a model that
lists the field each constraint is about in ``constraint_error_fields`` gets the message next to that
field instead, where the admin also marks the field.
"""

from django.core.exceptions import ValidationError
from django.db import router


class ConstraintErrorsOnFields:
    """Model mixin: ``constraint_error_fields = {"constraint_name": "field_name"}``."""

    constraint_error_fields: dict[str, str] = {}

    def validate_constraints(self, exclude=None):
        exclude = set(exclude or ())
        errors: dict = {}
        using = router.db_for_write(type(self), instance=self)
        for constraint in self._meta.constraints:
            field = self.constraint_error_fields.get(constraint.name)
            if field is None or field in exclude:
                continue
            try:
                constraint.validate(type(self), self, exclude=exclude, using=using)
            except ValidationError as error:
                errors.setdefault(field, []).extend(error.error_list)
                # Django's own pass below skips the constraints on a field that already failed.
                exclude.add(field)
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
