"""flask commands: users, bureaus, calendar, demo data, archives, text features, the stored work list."""
from flask import Flask


def register(app: Flask) -> None:
    from workflow.commands import (
        archive,
        calendar,
        deadlines,
        demo,
        desk,
        directory,
        public_desk,
        replies,
        sms,
        text,
        up,
        worklist,
    )

    for group in (
        directory.users, directory.bureaus, calendar.calendar_cli, deadlines.deadlines_cli, replies.replies_cli,
        archive.archive_cli, text.suggest_cli, text.text_cli, sms.sms_cli, public_desk.progress_cli,
        public_desk.clues_cli, desk.proposals_cli, worklist.worklist_cli,
    ):
        app.cli.add_command(group)
    app.cli.add_command(demo.seed_demo)
    app.cli.add_command(up.up)
