"""Forms of the reply pages. Lengths are checked here for a quick answer; the services check
every rule again, so the API gets the same answers."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from workflow.labels import ASPECT_LABELS, DISCLOSURE_LABELS, RATING_LABELS

RATINGS = [(k, v) for k, v in RATING_LABELS.items() if k != "no_feedback"]


class ReplyForm(FlaskForm):
    title = StringField(_l("Title"), validators=[Length(max=200)])
    salutation = StringField(
        _l("Addressed to (主送)"), validators=[Length(max=200)], description=_l("For example 何明代表："),
    )
    body = TextAreaField(_l("Text"), validators=[Length(max=100_000)])
    resolution = SelectField(_l("Resolution category (解决类别)"), validate_choice=False)
    disclosure = RadioField(lazy_pgettext("disclosure", "Publication"), choices=list(DISCLOSURE_LABELS.items()), validate_choice=False)
    disclosure_reason = StringField(_l("Reason for not publishing"), validators=[Optional(), Length(max=200)])
    contact_name = StringField(_l("Contact person"), validators=[Optional(), Length(max=64)])
    contact_phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=32)])
    copy_to = TextAreaField(_l("Copy to (抄送)"), description=_l("One recipient a line."),
                            validators=[Optional(), Length(max=3000)])
    attachments = MultipleFileField(_l("Add attachments"))
    version = HiddenField()


class SubmitForm(FlaskForm):
    confirm_missing_opinions = BooleanField(_l("Submit without the missing co-handling opinions"))
    version = HiddenField()


class NoteForm(FlaskForm):
    note = TextAreaField(_l("Comments"), validators=[Optional(), Length(max=2000)])
    version = HiddenField()


class FeedbackForm(FlaskForm):
    rating = RadioField(_l("Overall"), choices=RATINGS, validate_choice=False)
    attitude = RadioField(ASPECT_LABELS["attitude"], choices=RATINGS, validate_choice=False)
    result = RadioField(ASPECT_LABELS["result"], choices=RATINGS, validate_choice=False)
    comments = TextAreaField(_l("Comments"), validators=[Optional(), Length(max=2000)])


class CategoryForm(FlaskForm):
    resolution = SelectField(_l("Resolution category (解决类别)"), validate_choice=False)
    note = TextAreaField(_l("Why"), validators=[Optional(), Length(max=2000)])
