from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from workflow.labels import AUTHOR_KIND_LABELS


class DraftForm(FlaskForm):
    session_id = SelectField(_l("Session"), coerce=int, validators=[DataRequired()])
    author_kind = RadioField(
        _l("Authors"), choices=list(AUTHOR_KIND_LABELS.items()), default="individual", validators=[DataRequired()]
    )
    collective_name = StringField(
        _l("Submitted by (party, sector or delegation)"), validators=[Optional(), Length(max=128)]
    )
    cosigners = SelectMultipleField(
        _l("Co-signers"), coerce=int, description=_l("For a joint proposal: each co-signer confirms in the system.")
    )
    title = StringField(_l("Title"), validators=[Length(max=200)])  # required: checked by the service with the rest
    body = TextAreaField(
        _l("Text"), description=_l("The situation, the problem and your concrete suggestions."),
        validators=[Length(max=50000)],
    )
    version = HiddenField()
    # Where a new draft starts from (issue 12).
    topic_id = HiddenField()
    clue_id = HiddenField()


class NoteForm(FlaskForm):
    """A confirmation with an optional note (withdraw, decline)."""

    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])


class ListFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=100)])
    state = SelectField(_l("State"), validators=[Optional()])
    channel = SelectField(_l("Channel"), validators=[Optional()])
    session = SelectField(_l("Session"), validators=[Optional()])
