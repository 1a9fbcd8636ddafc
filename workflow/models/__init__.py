"""All models, imported so that SQLAlchemy and Alembic see every table."""
from workflow.models import sql_functions  # noqa: F401  (registers SQLite's functions)
from workflow.models.archive import Archive
from workflow.models.assignment import Assignment
from workflow.models.attachment import Attachment
from workflow.models.bureau import Bureau
from workflow.models.calendar import CalendarDay, CalendarYear
from workflow.models.clock import Clock
from workflow.models.clue import Clue, ClueFile
from workflow.models.contact import Contact
from workflow.models.desk_job import DeskJob
from workflow.models.event import Event
from workflow.models.extension import ExtensionRequest
from workflow.models.feedback import Feedback
from workflow.models.idempotency import IdempotencyKey
from workflow.models.notification import Delivery, DeliveryState, JobLock, MailboxMessage, Notification
from workflow.models.opinion import CoOpinion
from workflow.models.proposal import Cosigner, CosignerState, Proposal, Seconder
from workflow.models.publication import Publication, RedactionMarks
from workflow.models.published_file import PublishedFile
from workflow.models.reply import Reply, ReplyCosign, ReplyVersion
from workflow.models.session import Category, NotFiledReason, Session
from workflow.models.setting import Counter, Setting
from workflow.models.supervision import SupervisionNote
from workflow.models.text import PrecheckRule, ProposalTerms, RoutingExample
from workflow.models.token import ApiToken
from workflow.models.topic import Topic
from workflow.models.user import Role, User, UserRole
from workflow.models.work_task import WorkTask

__all__ = [
    "ApiToken", "Assignment", "Bureau", "CalendarDay", "CalendarYear", "Category", "Clock",
    "Cosigner", "CosignerState", "Counter", "Event", "NotFiledReason", "Proposal", "Role",
    "Seconder", "Session", "Setting", "User", "UserRole",
    "Delivery", "DeliveryState", "JobLock", "MailboxMessage", "Notification",
    "Publication", "PublishedFile", "RedactionMarks",
    "Attachment", "CoOpinion", "Contact", "ExtensionRequest", "Feedback", "Reply", "ReplyCosign", "ReplyVersion",
    "Archive", "SupervisionNote", "IdempotencyKey", "DeskJob",
    "PrecheckRule", "ProposalTerms", "RoutingExample", "Clue", "ClueFile", "Topic", "WorkTask",
]
