"""Who may read a stream: the token as a header or (for browsers) a query parameter, and the
origins whose pages may read it."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from streams.notify.settings import StreamSettings
from streams.notify.stream.auth import allowed_origin, request_token_ok


def test_the_token_is_taken_from_the_header_or_else_the_query() -> None:
    assert request_token_ok({"Authorization": "Bearer s3cret"}, {}, "s3cret")
    assert request_token_ok({}, {"access_token": "s3cret"}, "s3cret")
    assert not request_token_ok({}, {}, "s3cret")
    assert not request_token_ok({}, {"access_token": "s3cre"}, "s3cret")
    assert not request_token_ok({}, {"token": "s3cret"}, "s3cret")


def test_a_wrong_header_is_not_rescued_by_the_query() -> None:
    headers = {"Authorization": "Bearer guess"}
    assert not request_token_ok(headers, {"access_token": "s3cret"}, "s3cret")


def test_only_listed_origins_get_a_cors_header() -> None:
    listed = ("https://dash.example", "http://localhost:3000")
    assert allowed_origin("https://dash.example", listed) == "https://dash.example"
    assert allowed_origin("https://evil.example", listed) is None
    assert allowed_origin(None, listed) is None  # not a browser's cross-origin request
    assert allowed_origin("https://dash.example", ()) is None
    assert allowed_origin("https://any.example", ("*",)) == "*"


@pytest.mark.parametrize("origin", ["https://dash.example/", "dash.example", "https://a.b/path"])
def test_an_origin_with_a_path_or_without_a_scheme_is_refused_at_start_up(origin: str) -> None:
    with pytest.raises(ValidationError, match="cors_origins"):
        StreamSettings.model_validate({"cors_origins": [origin]})
