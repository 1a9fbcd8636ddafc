from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField
from wtforms.validators import InputRequired


def _number(label, description=None):
    return DecimalField(label, places=None, validators=[InputRequired(_l("Write a number."))],
                        description=description)


class FormulaForm(FlaskForm):
    """The weights of the bureaus' score (workflow/domain/scores.py)."""

    on_time = _number(_l("Weight: replies on time"))
    contact = _number(_l("Weight: contact before the reply"))
    satisfaction = _number(_l("Weight: satisfaction"))
    category = _number(_l("Weight: resolution categories"))
    value_a = _number(_l("Value of an A reply"), _l("From 0 to 1: how much a reply of this category counts."))
    value_b = _number(_l("Value of a B reply"), _l("From 0 to 1: how much a reply of this category counts."))
    value_c = _number(_l("Value of a C reply"), _l("From 0 to 1: how much a reply of this category counts."))
    rehandling_points = _number(_l("Deduction for re-handling"),
                                _l("Points taken off when every item of the bureau was re-handled; in proportion below."))
    overdue_points = _number(_l("Deduction for overdue days"),
                             _l("Points taken off at the number of overdue days below, per item; in proportion below."))
    overdue_days_full = _number(_l("Overdue days per item for the full deduction"))
