"""The admin screens' forms. Lengths and required fields are checked here for a quick answer;
the services check every rule again, so the command line and the API get the same."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from workflow.domain.clocks import DEFAULT_PERIODS, ClockKind
from workflow.labels import CHANNEL_LABELS, CLOCK_LABELS, ROLE_LABELS
from workflow.web_forms import small_int

CHANNEL_CHOICES = [("cppcc", _l("CPPCC")), ("npc", _l("NPC"))]
OPTIONAL_CHANNEL = [("", "—")] + CHANNEL_CHOICES


def _int_or_none(value):
    return small_int(value)


class ActionForm(FlaskForm):
    """A bare button (activate, move, …): only the CSRF token is checked."""


class UserForm(FlaskForm):
    name = StringField(lazy_pgettext("person", "Name"), validators=[DataRequired(), Length(max=64)])
    email = StringField(_l("E-mail"), validators=[Optional(), Length(max=254)])
    mobile = StringField(_l("Mobile number"), validators=[Optional(), Length(max=20)],
                         description=_l("11 digits, for text messages."))
    roles = SelectMultipleField(
        _l("Roles"), choices=list(ROLE_LABELS.items()), widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(), validate_choice=False,
    )
    bureau = SelectField(
        _l("Bureau"), coerce=_int_or_none, validate_choice=False,
        description=_l("Bureau clerks and bureau leaders belong to exactly one bureau."),
    )
    principal_leader = BooleanField(
        _l("Principal leader"), description=_l("A bureau leader who may approve replies to key items."),
    )
    channel = SelectField(_l("Member of"), choices=OPTIONAL_CHANNEL, validate_choice=False)
    group_name = StringField(
        _l("Sector or delegation"), validators=[Optional(), Length(max=64)],
        description=_l("界别 for CPPCC members, 代表团 for NPC deputies."),
    )
    group_prefix = StringField(
        _l("Delegation prefix"), validators=[Optional(), Length(max=8)],
        description=_l("NPC only: the character that starts the delegation's numbers, e.g. 义 in 义12号."),
    )


class UserCreateForm(UserForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Initial password"), validators=[DataRequired(), Length(max=256)])
    password_again = PasswordField(
        _l("Initial password again"), validators=[EqualTo("password", message=_l("The two passwords differ."))],
    )


class PasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)])
    password_again = PasswordField(
        _l("New password again"), validators=[EqualTo("password", message=_l("The two passwords differ."))],
    )


class UserFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Name or username"), validators=[Optional(), Length(max=64)])
    role = SelectField(_l("Role"), choices=[("", _l("All roles"))] + list(ROLE_LABELS.items()), validate_choice=False)
    bureau = SelectField(_l("Bureau"), coerce=_int_or_none, validate_choice=False)
    status = SelectField(
        _l("Status"), choices=[("", _l("All")), ("active", _l("Active")), ("inactive", _l("Inactive"))],
        validate_choice=False,
    )


_YES_NO_DEFAULT = {"": None, None: None, "yes": True, True: True, "no": False, False: False}


def _yes_no_default(value) -> bool | None:
    """A choice of yes, no, or the default (None), from the form's strings or the model's value;
    anything else is refused (ValueError: WTForms says it is no valid choice)."""
    if value not in _YES_NO_DEFAULT:
        raise ValueError(value)
    return _YES_NO_DEFAULT[value]


class BureauForm(FlaskForm):
    code = StringField(
        _l("Code"), validators=[DataRequired(), Length(max=32)],
        description=_l("A short Latin code for the command line and imports, e.g. jxj."),
    )
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=128)])
    short_name = StringField(_l("Short name"), validators=[Optional(), Length(max=32)],
                             description=_l("Shown as 发布机构 on the public portal, e.g. 市经信局; empty: the full name."))
    credit_code = StringField(
        _l("Unified social credit code"), validators=[Optional(), Length(max=32)],
        description=_l("18 characters; it starts the index numbers of the bureau's published replies."),
    )
    prefix_cppcc = StringField(
        _l("Document number prefix, CPPCC"), validators=[Optional(), Length(max=32)],
        description=_l("E.g. 金经信办提 gives 金经信办提〔2026〕1号."),
    )
    prefix_npc = StringField(
        _l("Document number prefix, NPC"), validators=[Optional(), Length(max=32)],
        description=_l("E.g. 金经信办建 gives 金经信办建〔2026〕1号."),
    )
    duties = TextAreaField(
        _l("Duties (职能)"), validators=[Optional(), Length(max=4000)],
        description=_l("A paragraph as in the bureau's 三定 summary: suggested bureaus match items against it."),
    )
    keywords = TextAreaField(
        _l("Keywords (分办关键词)"), validators=[Optional(), Length(max=4000)],
        description=_l("The everyday names of the matters it handles (公交 站台 客运 …), separated by spaces or "
                       "、: an item whose text holds one is suggested to this bureau."),
    )
    active = BooleanField(_l("Active"), default=True, description=_l("Inactive bureaus are not offered for assignment."))
    co_opinion_signoff = SelectField(
        _l("Its leader signs its co-handling opinions off"),
        choices=[("", _l("As the system setting says")), ("yes", _l("Yes")), ("no", _l("No"))],
        coerce=_yes_no_default,
        description=_l("Yes: a co-handling opinion goes to the bureau's leader before the lead bureau gets it."),
    )


class SessionForm(FlaskForm):
    channel = SelectField(_l("Channel"), choices=list(CHANNEL_LABELS.items()), validate_choice=False)
    name = StringField(
        _l("Name"), validators=[DataRequired(), Length(max=128)], description=_l("E.g. 慈溪市政协十一届四次会议"),
    )
    term = IntegerField(_l("Term"), validators=[InputRequired(), NumberRange(min=1, max=99)])
    meeting = IntegerField(_l("Meeting"), validators=[InputRequired(), NumberRange(min=1, max=99)])
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(min=1949, max=2200)])
    number_format = StringField(
        _l("Number format"), validators=[DataRequired(), Length(max=32)],
        description=_l("{n} is the number; {delegation} the deputy's delegation prefix. E.g. 第{n}号 or {delegation}{n}号."),
    )
    active = BooleanField(_l("Active"), default=True, description=_l("Proposals can be written only in active sessions."))
    progress_public = BooleanField(
        _l("Progress in the open"), default=False,
        description=_l("The public portal lists this session's filed items, their bureaus and where they stand."),
    )


class ListItemForm(FlaskForm):
    text = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])


class CalendarImportForm(FlaskForm):
    file = FileField(_l("CSV file"), description=_l("UTF-8 or GB18030, at most 64 KB."))
    text = TextAreaField(_l("Or paste the rows"), validators=[Optional(), Length(max=65536)])
    replace = BooleanField(_l("Replace the year if it is already in the calendar"))
    confirm_missing = BooleanField(
        _l("Save all the same: the State Council's arrangement makes these statutory holidays working days"),
    )
    save = HiddenField()  # set by the preview's form: save what was previewed


class DueForm(FlaskForm):
    class Meta:
        csrf = False

    start = DateField(_l("Start date"), validators=[InputRequired(message=_l("Enter a date like 2026-09-24."))])
    amount = IntegerField(
        _l("Length"), validators=[InputRequired(), NumberRange(min=1, max=999)], default=5,
    )
    unit = RadioField(
        _l("Unit"), choices=[("working_days", _l("working days")), ("months", _l("months"))], default="working_days",
    )


class SettingsForm(FlaskForm):
    contact_before_reply = BooleanField(
        _l("A reply needs a recorded contact with the proposer first (先沟通后答复)"),
    )
    reminder_offsets = StringField(
        _l("Reminders before a due date, in working days"), validators=[Optional(), Length(max=40)],
        description=_l("Separated by commas; 0 is the day itself. Default: 10, 5, 1, 0. Left empty: unchanged."),
    )


class _DefaultPeriod:
    """A period field's description, "Default: 15 working days", in the reader's language."""

    def __init__(self, code: str):
        self.code = code

    def __str__(self) -> str:
        from workflow.periods import shown

        return str(_l("Default: %(period)s", period=shown(self.code)))

    def __html__(self) -> str:
        from markupsafe import escape

        return str(escape(str(self)))


# One text field per clock, named period_<kind>; the service knows them as period.<kind>.
for _kind in ClockKind:
    setattr(SettingsForm, f"period_{_kind}", StringField(
        CLOCK_LABELS[_kind], validators=[DataRequired(), Length(max=20)],
        description=_DefaultPeriod(DEFAULT_PERIODS[_kind]),
    ))
del _kind
SettingsForm.period_reply_key = StringField(
    _l("Reply period of key items"), validators=[Optional(), Length(max=20)],
    description=_l("Empty: as the reply period. When an item is flagged key (or no longer key), its running reply "
                   "clocks follow, unless the office fixed their date."),
)


def period_field(form: SettingsForm, kind: str):
    return getattr(form, f"period_{kind}")
