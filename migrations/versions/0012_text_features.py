"""bureau duties, stored term counts of proposals, routing examples, pre-check rules (issue 11)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 09:45:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

RULES = [("title_form", None), ("too_short", 300), ("no_suggestions", None), ("outside_remit", None),
         ("personal_data", None)]


def upgrade():
    with op.batch_alter_table("bureaus") as batch:
        batch.add_column(sa.Column("duties", sa.Text(), nullable=True))
    op.create_table(
        "proposal_terms",
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("stamp", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"], name=op.f("fk_proposal_terms_proposal_id_proposals"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("proposal_id", name=op.f("pk_proposal_terms")),
    )
    op.create_index("ix_proposal_terms_stamp", "proposal_terms", ["stamp"])
    op.create_table(
        "routing_examples",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("lead_bureau_id", sa.Integer(), nullable=False),
        sa.Column("co_bureau_ids", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("stamp", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("source IN ('assignment', 'import')", name=op.f("ck_routing_examples_source_valid")),
        sa.CheckConstraint("(source = 'assignment') = (proposal_id IS NOT NULL)",
                           name=op.f("ck_routing_examples_assignment_has_proposal")),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"],
                                name=op.f("fk_routing_examples_proposal_id_proposals"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["lead_bureau_id"], ["bureaus.id"],
                                name=op.f("fk_routing_examples_lead_bureau_id_bureaus"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routing_examples")),
        sa.UniqueConstraint("proposal_id", name=op.f("uq_routing_examples_proposal_id")),
    )
    op.create_index("ix_routing_examples_stamp", "routing_examples", ["stamp"])
    rules = op.create_table(
        "precheck_rules",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("parameter", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_precheck_rules")),
    )
    op.bulk_insert(rules, [{"code": code, "active": True, "parameter": parameter} for code, parameter in RULES])


def downgrade():
    op.drop_table("precheck_rules")
    op.drop_index("ix_routing_examples_stamp", table_name="routing_examples")
    op.drop_table("routing_examples")
    op.drop_index("ix_proposal_terms_stamp", table_name="proposal_terms")
    op.drop_table("proposal_terms")
    with op.batch_alter_table("bureaus") as batch:
        batch.drop_column("duties")
