"""alerts: an outbox of alerts to each school's safeguarding team, the team and its hours on
the school, and when each member of staff last had the console open

The school's `dsl_contacts` becomes its `team` (the rows keep their contacts; `signpost db
seed` then adds roles, deputies and the trust's DSL from the data file). Escalations recorded
before this revision get no alert: they are already in the console's queue.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 05:22:40
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alert_outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("escalation_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("rung", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("email_state", sa.String(length=16), nullable=False),
        sa.Column("webhook_state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("leased_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=80), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["escalation_id"],
            ["escalation.id"],
            name=op.f("fk_alert_outbox_escalation_id_escalation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_outbox")),
        sa.UniqueConstraint(
            "escalation_id", "reason", "rung", name=op.f("uq_alert_outbox_escalation_id")
        ),
    )
    with op.batch_alter_table("alert_outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_outbox_done_at"), ["done_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_alert_outbox_escalation_id"), ["escalation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_alert_outbox_next_attempt_at"), ["next_attempt_at"], unique=False
        )

    op.create_table(
        "staff_presence",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["staff_account.id"],
            name=op.f("fk_staff_presence_account_id_staff_account"),
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_staff_presence")),
    )
    with op.batch_alter_table("staff_presence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_presence_seen_at"), ["seen_at"], unique=False)

    with op.batch_alter_table("school", schema=None) as batch_op:
        batch_op.alter_column("dsl_contacts", new_column_name="team")
        batch_op.add_column(sa.Column("team_hours", sa.JSON(), nullable=False, server_default="{}"))
        batch_op.add_column(sa.Column("team_edited_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("school", schema=None) as batch_op:
        batch_op.drop_column("team_edited_at")
        batch_op.drop_column("team_hours")
        batch_op.alter_column("team", new_column_name="dsl_contacts")

    with op.batch_alter_table("staff_presence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_presence_seen_at"))

    op.drop_table("staff_presence")
    with op.batch_alter_table("alert_outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_outbox_next_attempt_at"))
        batch_op.drop_index(batch_op.f("ix_alert_outbox_escalation_id"))
        batch_op.drop_index(batch_op.f("ix_alert_outbox_done_at"))

    op.drop_table("alert_outbox")
