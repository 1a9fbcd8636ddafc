"""Forms of issue 12: the portal's clue form and progress filter, the office's screening."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, MultipleFileField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from workflow.services.clues import BODY_MAX, CONTACT_MAX, REASON_MAX, SUBJECT_MAX, TOPIC_MAX
from workflow.services.topics import BUREAUS_MAX, PARAGRAPH_MAX, TITLE_MAX


class ClueForm(FlaskForm):
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=SUBJECT_MAX)],
                          description=_l("What the clue is about, in a line."))
    body = TextAreaField(_l("Your clue"), validators=[DataRequired(), Length(max=BODY_MAX)],
                         description=_l("The situation, the problem, what could be done (at most %(n)d characters).",
                                        n=BODY_MAX))
    contact = StringField(_l("How to reach you"), validators=[DataRequired(), Length(max=CONTACT_MAX)],
                          description=_l("A phone number or an e-mail address. Only the office reads it; it is never shown."))
    files = MultipleFileField(_l("Attachments (optional)"),
                              description=_l("At most 3 files: PDF, Word, Excel, JPEG or PNG."))
    # A field people never see (hidden by the stylesheet, out of the tab order); robots fill it in.
    website = StringField(_l("Leave this field empty"), validators=[Optional()])


class ProgressFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search by number or title"), validators=[Optional(), Length(max=100)])
    session = SelectField(_l("Session"), validators=[Optional()])
    stage = SelectField(_l("Stage"), validators=[Optional()])
    bureau = SelectField(_l("Bureau"), validators=[Optional()])


class ClueLookupForm(FlaskForm):
    class Meta:
        csrf = False

    code = StringField(_l("Tracking code"), validators=[Optional(), Length(max=32)])


class PassForm(FlaskForm):
    topic = StringField(lazy_pgettext("topic list", "Topic"), validators=[DataRequired(), Length(max=TOPIC_MAX)])
    member = SelectField(_l("Member or deputy"), coerce=int, validators=[DataRequired()])


class MergeForm(FlaskForm):
    target = IntegerField(_l("Number of the clue it joins"), validators=[DataRequired()])


class DeclineForm(FlaskForm):
    reason = TextAreaField(_l("Why it is not taken up (the sender reads this)"),
                           validators=[DataRequired(), Length(max=REASON_MAX)])


class TopicForm(FlaskForm):
    session_id = SelectField(_l("Session"), coerce=int, validators=[DataRequired()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=TITLE_MAX)])
    paragraph = TextAreaField(_l("What it is about"), validators=[Optional(), Length(max=PARAGRAPH_MAX)])
    bureaus = StringField(_l("Bureaus concerned"), validators=[Optional(), Length(max=BUREAUS_MAX)],
                          description=_l("E.g. 市经信局、市财政局"))
    position = IntegerField(_l("Position in the list"), default=0, validators=[Optional()])
    published = BooleanField(_l("Published to members"), default=True)
