"""The Content-Security-Policy header, built once per distinct policy: the same text django-csp
builds, for the default policy and for views that change it, and never one view's policy on
another's answer."""

from collections.abc import Callable
from typing import Any

import pytest
from csp import middleware as csp_middleware
from csp.constants import NONCE
from csp.decorators import csp_exempt, csp_replace, csp_update
from csp.utils import build_policy
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.test import RequestFactory
from pytest_django.fixtures import Settings

from vigilance.core import middleware

View = Callable[[HttpRequest], HttpResponseBase]


def page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<p>page</p>")


@csp_update({"img-src": ["https://tiles.example.org"]})
def map_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<p>map</p>")


@csp_replace({"frame-ancestors": ["'self'"], "script-src": None})
def embeddable_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<p>embeddable</p>")


@csp_exempt()
def exempt_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<p>exempt</p>")


def nonce_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")  # type: ignore[attr-defined]


def answered(view: View, stock: bool = False) -> HttpResponseBase:
    chain = (csp_middleware.CSPMiddleware if stock else middleware.PolicyOnceCSPMiddleware)(view)
    return chain(RequestFactory().get("/fr/"))


@pytest.fixture
def own_policy(settings: Settings) -> None:
    """A policy of this module's own, which also forgets the policies built before."""
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {"default-src": ["'self'"], "img-src": ["'self'", "data:"]}
    }


@pytest.mark.parametrize("view", [page, map_page, embeddable_page, exempt_page])
def test_the_header_is_the_one_django_csp_builds(view: View) -> None:
    ours, theirs = answered(view), answered(view, stock=True)

    assert ours.get("Content-Security-Policy") == theirs.get("Content-Security-Policy")
    assert ours.get("Content-Security-Policy-Report-Only") is None


def test_a_views_update_does_not_reach_the_next_answer(own_policy: None) -> None:
    default = answered(page)["Content-Security-Policy"]
    updated = answered(map_page)["Content-Security-Policy"]
    after = answered(page)["Content-Security-Policy"]

    assert "https://tiles.example.org" in updated
    assert "https://tiles.example.org" not in after
    assert after == default == answered(page, stock=True)["Content-Security-Policy"]


def test_a_policy_is_built_once_for_the_same_parts(
    own_policy: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []

    def counted(**parts: Any) -> str:
        calls.append(parts)
        return build_policy(**parts)

    monkeypatch.setattr(middleware, "build_policy", counted)
    first = answered(page)["Content-Security-Policy"]
    built_for_first = len(calls)
    second = answered(page)["Content-Security-Policy"]
    answered(map_page)

    assert second == first
    # The policy and its report-only variant for the first answer, nothing for the second, and
    # for the updated view its policy only (its report-only parts are the first answer's).
    assert (built_for_first, len(calls)) == (2, 3)


def test_a_policy_with_a_nonce_carries_each_answers_own(settings: Settings) -> None:
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": ["'self'", NONCE]}}

    first, second = answered(nonce_page), answered(nonce_page)

    for response in (first, second):
        nonce = response.content.decode().split("'")[1]
        assert f"script-src 'self' 'nonce-{nonce}'" in response["Content-Security-Policy"]
    assert first["Content-Security-Policy"] != second["Content-Security-Policy"]
