"""casework: the console's claim and resolve state moves off the escalation to its own table

Safeguarding writes escalations; the console writes casework keyed by the escalation. Every
claimed or resolved escalation's state is copied across before the columns go. Such an
escalation's own status becomes "new": whether it began as a check-in is not recorded once
staff took it up, and a hand-off is the safer reading.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 23:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

CASEWORK_COLUMNS = "claimed_by, claimed_at, resolved_by, resolved_at, outcome, confirmed_categories"


def upgrade() -> None:
    op.create_table(
        "casework",
        sa.Column("escalation_id", sa.String(length=36), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("claimed_by", sa.Integer(), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.Integer(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.Column("confirmed_categories", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["claimed_by"], ["staff_account.id"], name=op.f("fk_casework_claimed_by_staff_account")
        ),
        sa.ForeignKeyConstraint(
            ["escalation_id"], ["escalation.id"], name=op.f("fk_casework_escalation_id_escalation")
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by"],
            ["staff_account.id"],
            name=op.f("fk_casework_resolved_by_staff_account"),
        ),
        sa.PrimaryKeyConstraint("escalation_id", name=op.f("pk_casework")),
    )
    with op.batch_alter_table("casework", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_casework_state"), ["state"], unique=False)

    op.execute(
        f"INSERT INTO casework (escalation_id, state, {CASEWORK_COLUMNS}) "
        f"SELECT id, status, {CASEWORK_COLUMNS} FROM escalation "
        "WHERE status IN ('claimed', 'resolved')"
    )
    op.execute("UPDATE escalation SET status = 'new' WHERE status IN ('claimed', 'resolved')")

    with op.batch_alter_table("escalation", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_escalation_claimed_by_staff_account"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_escalation_resolved_by_staff_account"), type_="foreignkey"
        )
        batch_op.drop_column("confirmed_categories")
        batch_op.drop_column("outcome")
        batch_op.drop_column("resolved_at")
        batch_op.drop_column("resolved_by")
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("claimed_by")


def downgrade() -> None:
    with op.batch_alter_table("escalation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("resolved_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("outcome", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("confirmed_categories", sa.JSON(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_escalation_resolved_by_staff_account"),
            "staff_account",
            ["resolved_by"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_escalation_claimed_by_staff_account"),
            "staff_account",
            ["claimed_by"],
            ["id"],
        )
    for column in ("state", *CASEWORK_COLUMNS.split(", ")):
        target = "status" if column == "state" else column
        op.execute(
            f"UPDATE escalation SET {target} = (SELECT {column} FROM casework "
            "WHERE casework.escalation_id = escalation.id) "
            "WHERE id IN (SELECT escalation_id FROM casework)"
        )
    with op.batch_alter_table("casework", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_casework_state"))
    op.drop_table("casework")
