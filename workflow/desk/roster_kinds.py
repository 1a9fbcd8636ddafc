"""The roster's imports on /office/imports/<kind>: users and bureaus, for administrators."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from workflow.desk.imports import ImportKind
from workflow.domain.desk_job import JobKind
from workflow.domain.roster_sheet import BUREAU_COLUMNS, USER_COLUMNS
from workflow.models import Role
from workflow.services import roster_import

KINDS = {
    "users": ImportKind(_l("Import users and members"), Role.ADMIN, lambda: USER_COLUMNS, roster_import.check_users,
                        roster_import.import_users, _l("%(n)d users created or updated."), "admin.users",
                        JobKind.IMPORT_USERS),
    "bureaus": ImportKind(_l("Import bureaus"), Role.ADMIN, lambda: BUREAU_COLUMNS, roster_import.check_bureaus,
                          roster_import.import_bureaus, _l("%(n)d bureaus created or updated."), "admin.bureaus",
                          JobKind.IMPORT_BUREAUS),
}
