"""Forms of the bureau's handling page: contacts, co-opinions, extension requests."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from workflow.labels import CONTACT_WAY_LABELS


class ContactForm(FlaskForm):
    contacted_on = DateField(_l("Date"), validators=[Optional()])
    way = SelectField(_l("Way"), choices=[("", "—")] + list(CONTACT_WAY_LABELS.items()), validate_choice=False)
    participants = StringField(_l("Participants"), validators=[Optional(), Length(max=500)])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=5000)])
    attachments = MultipleFileField(_l("Attachments"))


class OpinionForm(FlaskForm):
    body = TextAreaField(_l("Co-handling opinion"), validators=[Optional(), Length(max=20000)])
    attachments = MultipleFileField(_l("Add attachments"))
    version = HiddenField()


class ExtensionForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)])
    asked_due = DateField(_l("New due date asked for"), validators=[Optional()])


class DecisionForm(FlaskForm):
    due = DateField(_l("Granted due date"), validators=[Optional()],
                    description=_l("Leave empty to grant the date asked for."))
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])
    version = HiddenField()
