"""cost options: what a service costs (HSDS 3 cost_option), so "is it free?" has an answer

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 02:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cost_option",
        sa.Column("id", sa.String(length=255), nullable=False),
        sa.Column("service_id", sa.String(length=255), nullable=False),
        sa.Column("option", sa.Text(), nullable=True),
        sa.Column("amount", sa.Float(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("amount_description", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["service_id"], ["service.id"], name=op.f("fk_cost_option_service_id_service")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cost_option")),
    )
    with op.batch_alter_table("cost_option", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cost_option_service_id"), ["service_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cost_option", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cost_option_service_id"))
    op.drop_table("cost_option")
