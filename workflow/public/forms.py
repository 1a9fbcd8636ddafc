"""Forms of the portal (a GET search, no CSRF: it changes nothing) and of the publishing screens."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from workflow.domain.publication import PHRASE_MAX, PHRASES_MAX, REASON_MAX, TOPIC_MAX
from workflow.domain.search_query import MAX_CHARS
from workflow.web_forms import batch_mode_field


class PortalSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search replies"), validators=[Optional()], render_kw={"maxlength": MAX_CHARS})
    year = SelectField(_l("Year"), validators=[Optional()])
    session = SelectField(_l("Session"), validators=[Optional()])
    channel = SelectField(_l("Kind"), validators=[Optional()])
    bureau = SelectField(_l("Bureau"), validators=[Optional()])
    topic = SelectField(_l("Topic"), validators=[Optional()])
    resolution = SelectField(_l("Resolution category"), validators=[Optional()])


class DueFilterForm(FlaskForm):
    class Meta:
        csrf = False

    show = SelectField(_l("Show"), validators=[Optional()])
    session = SelectField(_l("Session"), validators=[Optional()])
    bureau = SelectField(_l("Bureau"), validators=[Optional()])
    channel = SelectField(_l("Channel"), validators=[Optional()])


class PublishForm(FlaskForm):
    phrases = TextAreaField(
        _l("Also mask"),
        description=_l("One word or phrase a line, masked wherever it occurs in the letter (at most %(n)d).",
                       n=PHRASES_MAX),
        validators=[Optional(), Length(max=PHRASES_MAX * (PHRASE_MAX + 1))],
    )
    topic = StringField(_l("Topic (主题分类)"), validators=[Optional(), Length(max=TOPIC_MAX)])
    attachment_ids = SelectMultipleField(_l("Files published with the reply"), coerce=int, validators=[Optional()])


class BatchPublishForm(FlaskForm):
    topic = StringField(_l("Topic (主题分类)"), validators=[Optional(), Length(max=TOPIC_MAX)],
                        description=_l("Left empty: the default topic of each reply's channel."))
    mode = batch_mode_field()


class WithdrawForm(FlaskForm):
    reason = TextAreaField(_l("Why is it withdrawn?"), validators=[Length(max=REASON_MAX)])


class PublicationSettingsForm(FlaskForm):
    publisher = RadioField(_l("Who publishes"), choices=[("office", _l("The office")),
                                                         ("bureau", _l("The reply's own bureau"))])
    index_format = StringField(
        _l("Index number (索引号) format"), validators=[Length(max=64)],
        description=_l("{code}: the bureau's unified social credit code, {org_code}: the organization code in it, "
                       "{year}, {serial}; e.g. {code}/{year}-{serial:05d}."),
    )
    masking = BooleanField(_l("Mask personal data automatically (names, mobiles, ID-card numbers, e-mail addresses)"),
                           description=_l("Off: only what is marked by hand is masked."))
    attachments = RadioField(
        _l("Attachments on the portal"),
        choices=[("masked", _l("Masked copies (Word and Excel masked, PDF as a masked text copy; images not published)")),
                 ("none", _l("Not published"))],
    )
    keep_email_domains = StringField(_l("Official e-mail domains that stay"), validators=[Length(max=400)],
                                     description=_l("Separated by commas, e.g. gov.cn."))
    topic_cppcc = StringField(_l("Default topic (主题分类), CPPCC proposals"), validators=[Length(max=64)])
    topic_npc = StringField(_l("Default topic (主题分类), NPC suggestions"), validators=[Length(max=64)])
