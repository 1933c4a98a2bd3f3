"""Servers started together on free ports never get the same port."""

from bot.stack import free_ports


def test_ports_chosen_together_are_all_different() -> None:
    # Once a scaled stack's Rasa server and action server were given one port between them.
    for _ in range(20):
        ports = free_ports(8)
        assert len(set(ports)) == 8
