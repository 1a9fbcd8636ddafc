"""The stored work list (待办): one row per task open now, for whoever does it.

A derived table: services/work_tasks.py writes a proposal's rows again from the task sources
(services/worklist*.py) in the transaction that changes it, so the work lists read the tasks open
now instead of computing them from ten years of items on every page (issue 13).
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.extensions import db


class WorkTask(db.Model):
    __tablename__ = "work_tasks"
    __table_args__ = (
        Index("ix_work_tasks_proposal", "proposal_id"),  # a proposal's rows, written again
        Index("ix_work_tasks_task_due", "task", "due"),  # the office's, by kind of task
        Index("ix_work_tasks_bureau_due", "bureau_id", "due"),  # a bureau's
        Index("ix_work_tasks_user_due", "user_id", "due"),  # a member's
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task: Mapped[str] = mapped_column(String(24))  # a key of TASK_LABELS in the templates
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    # No foreign keys below: rows go with their proposal's, and the rest is what the sources read.
    assignment_id: Mapped[int | None] = mapped_column(Integer)
    reply_id: Mapped[int | None] = mapped_column(Integer)
    due: Mapped[date | None] = mapped_column(Date)
    clock_kind: Mapped[str | None] = mapped_column(String(24))
    provisional: Mapped[bool | None]
    handling_due: Mapped[date | None] = mapped_column(Date)
    handling_provisional: Mapped[bool | None]
    # Who does it: a bureau's people (by role, services/worklist.py AUDIENCES), one member, or
    # the office (neither); a key item's reply is approved by the principal leader only.
    bureau_id: Mapped[int | None] = mapped_column(Integer)
    user_id: Mapped[int | None] = mapped_column(Integer)
    principal_only: Mapped[bool] = mapped_column(default=False)
