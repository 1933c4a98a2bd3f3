"""The client's address behind trusted proxies, and only trusted ones."""

from bot.proxies import client_address, parse_networks

PROXIES = parse_networks("10.0.0.0/8, 127.0.0.1")


def test_without_a_trusted_proxy_the_peer_is_the_client() -> None:
    assert client_address("203.0.113.9", None, PROXIES) == "203.0.113.9"
    # A stranger cannot choose its own address by writing the header.
    assert client_address("203.0.113.9", "198.51.100.1", PROXIES) == "203.0.113.9"
    assert client_address(None, None, ()) == "unknown"


def test_behind_trusted_proxies_the_nearest_untrusted_hop_is_the_client() -> None:
    assert client_address("127.0.0.1", "198.51.100.7", PROXIES) == "198.51.100.7"
    # Spoofed hops further left are not believed: the first hop a trusted proxy saw is.
    assert client_address("10.1.2.3", "6.6.6.6, 198.51.100.7, 10.9.9.9", PROXIES) == (
        "198.51.100.7"
    )
    assert client_address("127.0.0.1", "10.0.0.2", PROXIES) == "10.0.0.2"  # all trusted
    assert client_address("127.0.0.1", "not-an-ip", PROXIES) == "not-an-ip"
