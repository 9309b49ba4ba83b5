"""The audit trail (issue #19): who changed what, when, before -> after, written by PostgreSQL triggers
(django-pghistory on django-pgtrigger), so that no code path, bulk update or shell session escapes it.

Each tracked model (registrations, attendance, bookings, loans, manual figures, targets, counted
libraries, roles, costs and budget lines) gets an event table here (``audit_<model>audit``); its
triggers live in the tracked model's own app (migrations named ``*_audit_triggers``). The request's
user and path are attached to every event as its context (``pghistory.middleware.HistoryMiddleware``),
Celery tasks and commands write events without one.

Personal data: only fields that the erasure and retention jobs leave in place are copied. Names,
addresses, phone numbers, diets and other details that ``networks.privacy`` erasers anonymise or
retention jobs clear are excluded from every event table, so the trail never keeps what the record
itself has forgotten; the actor is kept as a user id, shown as "erased account" once the account is
gone. The context keeps the path only (no query string).
"""

import pghistory
from django.contrib.auth.models import Group  # noqa: F401 - the role tables are tracked below

from finance.models import BudgetLine, Cost
from loans.models import InterlibraryLoan, KitBooking
from networks.models import CountedLibraries, GroupMembership, User
from reporting.models import IndicatorTarget, ManualValue
from trainings.models import Attendance, Registration


def _trackers():
    # New objects per model: a tracker keeps the fields of the first model it was set up for.
    return (
        pghistory.InsertEvent("create", trigger_name="audit_insert"),
        pghistory.UpdateEvent("update", trigger_name="audit_update"),
        pghistory.DeleteEvent("delete", trigger_name="audit_delete"),
    )


def _track(model, name, *, exclude=(), fields=None):
    return pghistory.track(
        *_trackers(),
        exclude=list(exclude) or None,
        fields=fields,
        app_label="audit",
        model_name=name,
        obj_field=pghistory.ObjForeignKey(related_name="audit_events"),
    )(model)


# What erasure anonymises (networks.privacy erasers) or retention clears is never copied.
PERSONAL_FIELDS = {
    Registration: ("first_name", "last_name", "email", "phone", "diet", "accessibility", "emergency_contact"),
    Attendance: ("email", "name"),
    InterlibraryLoan: ("contact_name", "contact_email"),
    ManualValue: ("entered_by_name",),
}

_track(Registration, "RegistrationAudit", exclude=PERSONAL_FIELDS[Registration])
_track(Attendance, "AttendanceAudit", exclude=PERSONAL_FIELDS[Attendance])
_track(KitBooking, "KitBookingAudit", exclude=("updated_at",))
_track(InterlibraryLoan, "InterlibraryLoanAudit", exclude=(*PERSONAL_FIELDS[InterlibraryLoan], "updated_at"))
_track(ManualValue, "ManualValueAudit", exclude=(*PERSONAL_FIELDS[ManualValue], "entered_at"))
_track(IndicatorTarget, "IndicatorTargetAudit")
_track(CountedLibraries, "CountedLibrariesAudit", exclude=("decided_at",))
_track(GroupMembership, "GroupMembershipAudit")
# Money (issue #18): every cost (claims approved, amounts changed, receipts attached) and budget line.
# A cost keeps no personal details beyond a payee's name, which no erasure touches (a private person
# is paid through the payroll; the register holds no bank details).
_track(Cost, "CostAudit")
_track(BudgetLine, "BudgetLineAudit")
# A person's roles: the account's flags and library (the groups are m2m rows, tracked below).
_track(User, "UserAudit", fields=["is_active", "is_staff", "is_superuser", "library"])

# m2m rows: a person given or taken a role (group), a library added to or taken off a year's count.
pghistory.track(
    pghistory.InsertEvent("role added", trigger_name="audit_role_add"),
    pghistory.DeleteEvent("role removed", trigger_name="audit_role_remove"),
    obj_field=None,
    app_label="audit",
    model_name="UserRoleAudit",
)(User.groups.through)
pghistory.track(
    pghistory.InsertEvent("library added", trigger_name="audit_counted_add"),
    pghistory.DeleteEvent("library removed", trigger_name="audit_counted_remove"),
    obj_field=None,
    app_label="audit",
    model_name="CountedLibraryAudit",
)(CountedLibraries.libraries.through)
