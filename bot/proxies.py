"""Who is really on the other end, behind the proxies a school puts in front of the servers.

Behind HTTPS every request arrives from the proxy's address, so limits per address would
treat all staff (or all families) as one. The client's own address is then the last one in
X-Forwarded-For that is not a trusted proxy. Only the proxies named in
SIGNPOST_TRUSTED_PROXIES (addresses or networks, comma-separated) are believed: anyone else
could write any X-Forwarded-For they like.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from bot.config import Settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(spec: str) -> tuple[Network, ...]:
    return tuple(
        ipaddress.ip_network(part.strip(), strict=False) for part in spec.split(",") if part.strip()
    )


@lru_cache(maxsize=1)
def trusted_proxies() -> tuple[Network, ...]:
    return parse_networks(Settings.from_env().trusted_proxies)


def _trusted(address: str, proxies: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def client_address(
    remote: str | None, forwarded_for: str | None, proxies: tuple[Network, ...] | None = None
) -> str:
    """The client's address: the peer's, unless the peer is a trusted proxy, then the nearest
    address in X-Forwarded-For that is not one."""
    proxies = trusted_proxies() if proxies is None else proxies
    address = (remote or "unknown").strip()
    if not forwarded_for or not _trusted(address, proxies):
        return address
    for hop in reversed([part.strip() for part in forwarded_for.split(",") if part.strip()]):
        if not _trusted(hop, proxies):
            return hop
        address = hop
    return address
