from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

from workflow.labels import ASSIGNMENT_ROLE_LABELS
from workflow.web_forms import small_int


class FileForm(FlaskForm):
    category_id = IntegerField(_l("Category"), validators=[Optional()])
    is_key = BooleanField(_l("Key item"))
    key_leader = StringField(_l("Supervising leader"), validators=[Optional(), Length(max=64)])
    version = IntegerField(validators=[Optional()])


class RejectForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])
    detail = TextAreaField(_l("Explanation"), validators=[Optional(), Length(max=2000)])
    version = IntegerField(validators=[Optional()])


class MergeForm(FlaskForm):
    target_number = StringField(_l("Number of the filed proposal"), validators=[Optional(), Length(max=32)])
    version = IntegerField(validators=[Optional()])


class KeyForm(FlaskForm):
    is_key = BooleanField(_l("Key item"))
    key_leader = StringField(_l("Supervising leader"), validators=[Optional(), Length(max=64)])


class DecisionForm(FlaskForm):
    decision = StringField(validators=[Optional()])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])
    # Approving a reassignment request may name the new bureau in the same step (SPEC 3.2).
    new_bureau_id = StringField(validators=[Optional(), Length(max=12)])
    new_role = StringField(validators=[Optional(), Length(max=12)])


class BureauRow(FlaskForm):
    class Meta:
        csrf = False

    bureau_id = SelectField(_l("Bureau"), coerce=small_int, validate_choice=False)
    role = SelectField(lazy_pgettext("assignment", "Role"), choices=list(ASSIGNMENT_ROLE_LABELS.items()), validate_choice=False)


class AssignForm(FlaskForm):
    rows = FieldList(FormField(BureauRow), min_entries=4)
    reply_due = DateField(
        _l("Fixed reply due date"), validators=[Optional()],
        description=_l("Leave empty to use the statutory period; set it to give a batch one date."),
    )
    version = HiddenField()


class SuperviseForm(FlaskForm):
    """A supervision note (督办意见); the service checks the text, the bureau and the state."""

    assignment_id = IntegerField(_l("Addressed to"), validators=[Optional()])  # the office's record when empty
    body = TextAreaField(_l("Supervision note"), validators=[Length(max=2000)])
