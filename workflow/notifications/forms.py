from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, StringField, TextAreaField
from wtforms.validators import Length, Optional


class PreferencesForm(FlaskForm):
    """The channels a user chose beside the bell, which is always on."""

    notify_email = BooleanField(_l("By e-mail"))
    email_digest = BooleanField(
        _l("One e-mail a day gathering my reminders (daily digest), instead of one e-mail each"),
    )
    notify_sms = BooleanField(
        _l("By text message"),
        description=_l("A short message to your mobile for each reminder and each piece of work that arrives."),
    )
    mobile = StringField(_l("Mobile number"), validators=[Optional(), Length(max=20)],
                         description=_l("11 digits, a mainland China mobile number."))


class RemindForm(FlaskForm):
    """The office's manual reminder (催办); the service checks the note and the bureau."""

    assignment_id = IntegerField(_l("Bureau"), validators=[Optional()])  # all handling bureaus when empty
    note = TextAreaField(_l("Note to the bureau"), validators=[Length(max=2000)])


class ButtonForm(FlaskForm):
    """A POST button that carries only the CSRF token."""
