"""outcome note: a DSL resolves a case with a note of what was decided and why

Cases resolved before this revision keep no note (the console says so); from now on the
console refuses to resolve without one.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("casework", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outcome_note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("casework", schema=None) as batch_op:
        batch_op.drop_column("outcome_note")
