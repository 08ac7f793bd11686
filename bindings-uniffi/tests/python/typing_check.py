"""Type-checked, never run: typed use of the installed `triplink` package. scripts/test-packaging.sh
runs mypy --strict on it (the package's hints, read through py.typed, must satisfy it), then
on a copy whose WRONG_TYPE_LINE assigns a str to an int, which mypy must refuse."""

from triplink import (
    ClientSecret, MatchPolicy, MemberIndex, TokenInfo, TriplinkClient, TriplinkSettings,
    normalize_email, normalize_name, version,
)


def settings(url: str) -> TriplinkSettings:
    return TriplinkSettings(base_url=url, client_id="app", client_secret=ClientSecret("s"),
                            extra_allowed_hosts=[])


async def login(client: TriplinkClient) -> bool:
    info: TokenInfo = await client.password_login("supplier", "user", "password")
    return info.has_refresh_token


def index(csv_text: str) -> MemberIndex:
    return MemberIndex.from_csv(csv_text, MatchPolicy.either())


NAME: str = normalize_name("Zoë O'Brien", False)
EMAIL: str = normalize_email("Zoe@Example.com")
VERSION: str = version()
WRONG_TYPE_LINE = normalize_name("x", False)
