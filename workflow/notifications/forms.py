from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, TextAreaField
from wtforms.validators import Length, Optional


class PreferencesForm(FlaskForm):
    email_digest = BooleanField(
        _l("One e-mail a day gathering my reminders (daily digest), instead of one e-mail each"),
    )


class RemindForm(FlaskForm):
    """The office's manual reminder (催办); the service checks the note and the bureau."""

    assignment_id = IntegerField(_l("Bureau"), validators=[Optional()])  # all handling bureaus when empty
    note = TextAreaField(_l("Note to the bureau"), validators=[Length(max=2000)])


class ButtonForm(FlaskForm):
    """A POST button that carries only the CSRF token."""
