"""All models, imported so that SQLAlchemy and Alembic see every table."""
from workflow.models.assignment import Assignment
from workflow.models.bureau import Bureau
from workflow.models.calendar import CalendarDay, CalendarYear
from workflow.models.clock import Clock
from workflow.models.event import Event
from workflow.models.proposal import Cosigner, CosignerState, Proposal, Seconder
from workflow.models.session import Category, NotFiledReason, Session
from workflow.models.setting import Counter, Setting
from workflow.models.token import ApiToken
from workflow.models.user import Role, User, UserRole

__all__ = [
    "ApiToken", "Assignment", "Bureau", "CalendarDay", "CalendarYear", "Category", "Clock",
    "Cosigner", "CosignerState", "Counter", "Event", "NotFiledReason", "Proposal", "Role",
    "Seconder", "Session", "Setting", "User", "UserRole",
]
