"""A fake MitID broker inside the test suite: an OpenID Connect provider as plain Django views, never mounted in
the site's URLs, reached in-process through a `requests` transport adapter. No network.

allauth makes every back-channel request (discovery, token, userinfo, keys) through the session of
`SocialAccountAdapter.get_requests_session`; the `broker` fixture (test_oidc.py) returns a session whose only
transport routes `https://mitid.test/...` to `urlpatterns` below and refuses every other address. The
front-channel step (the person's browser at the broker) is `FakeBroker.log_in`: it calls the authorize view,
which "logs in" the person whose claims the test chose and redirects back with a code.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.http import HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.test import RequestFactory
from django.urls import path, resolve
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

ISSUER = "https://mitid.test"
CLIENT_ID = "sammen-om-byen"
CLIENT_SECRET = "not-a-secret"  # noqa: S105
KEY_ID = "fake-broker-key"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class FakeBroker:
    """The broker's state: its signing key, the codes and tokens it has issued, and what it was asked."""

    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.seen: list[str] = []
        self.reachable = True

    # The person at the broker ------------------------------------------------------------------------

    def log_in(self, authorize_url: str, *, sub: str, **claims) -> str:
        """The person logs in with MitID at the authorize URL the site redirected to; returns the URL the broker sends
        their browser back to (the site's callback, with a code and the state)."""
        response = _call("GET", authorize_url, extra={"claims": {"sub": sub, **claims}})
        assert response.status_code == 302, response.content
        return response["Location"]

    # The endpoints ------------------------------------------------------------------------------------

    def discovery(self, request):
        return JsonResponse(
            {
                "issuer": ISSUER,
                "authorization_endpoint": f"{ISSUER}/authorize",
                "token_endpoint": f"{ISSUER}/token",
                "userinfo_endpoint": f"{ISSUER}/userinfo",
                "jwks_uri": f"{ISSUER}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["pairwise"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["client_secret_post"],
                "code_challenge_methods_supported": ["S256"],
            }
        )

    def authorize(self, request, claims: dict):
        query = request.GET
        if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
            return HttpResponseBadRequest("unknown client or response type")
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            return HttpResponseBadRequest("PKCE is required")
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "claims": claims,
            "redirect_uri": query["redirect_uri"],
            "challenge": query["code_challenge"],
            "nonce": query.get("nonce"),
            "scope": query.get("scope", ""),
        }
        return HttpResponseRedirect(f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}")

    def token(self, request):
        data = request.POST
        grant = self.codes.pop(data.get("code", ""), None)
        if grant is None or data.get("grant_type") != "authorization_code":
            return JsonResponse({"error": "invalid_grant"}, status=400)
        if data.get("client_id") != CLIENT_ID or data.get("client_secret") != CLIENT_SECRET:
            return JsonResponse({"error": "invalid_client"}, status=401)
        if data.get("redirect_uri") != grant["redirect_uri"]:
            return JsonResponse({"error": "invalid_grant"}, status=400)
        verifier = data.get("code_verifier", "")
        if _b64(hashlib.sha256(verifier.encode()).digest()) != grant["challenge"]:
            return JsonResponse({"error": "invalid_grant", "error_description": "PKCE"}, status=400)
        now = int(time.time())
        payload = {"iss": ISSUER, "aud": CLIENT_ID, "iat": now, "exp": now + 300, **grant["claims"]}
        if grant["nonce"]:
            payload["nonce"] = grant["nonce"]
        id_token = jwt.encode(payload, self.key, algorithm="RS256", headers={"kid": KEY_ID})
        access_token = secrets.token_urlsafe(16)
        self.tokens[access_token] = grant["claims"]
        return JsonResponse(
            {"access_token": access_token, "token_type": "Bearer", "expires_in": 300, "id_token": id_token}
        )

    def userinfo(self, request):
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        claims = self.tokens.get(token)
        if claims is None:
            return JsonResponse({"error": "invalid_token"}, status=401)
        return JsonResponse(claims)

    def jwks(self, request):
        numbers = self.key.public_key().public_numbers()
        return JsonResponse(
            {
                "keys": [
                    {
                        "kty": "RSA",
                        "use": "sig",
                        "alg": "RS256",
                        "kid": KEY_ID,
                        "n": _b64(numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")),
                        "e": _b64(numbers.e.to_bytes(3, "big")),
                    }
                ]
            }
        )


_current: dict[str, FakeBroker] = {}


def install(broker: FakeBroker) -> None:
    _current["broker"] = broker


def _broker() -> FakeBroker:
    return _current["broker"]


def _endpoint(name: str):
    def view(request, claims: dict | None = None):
        broker = _broker()
        broker.seen.append(name)
        method = getattr(broker, name)
        return method(request, claims) if name == "authorize" else method(request)

    return view


urlpatterns = [
    path(".well-known/openid-configuration", _endpoint("discovery")),
    path("authorize", _endpoint("authorize")),
    path("token", _endpoint("token")),
    path("userinfo", _endpoint("userinfo")),
    path("jwks", _endpoint("jwks")),
]


def _call(method: str, url: str, *, body: bytes = b"", headers: dict | None = None, extra: dict | None = None):
    """Run one of the broker's views in-process for a request to `url`."""
    parts = urlsplit(url)
    headers = {key: value for key, value in (headers or {}).items() if key.lower() not in ("host", "content-length")}
    content_type = headers.pop("Content-Type", headers.pop("content-type", "application/octet-stream"))
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    request = RequestFactory().generic(method, target, data=body, content_type=content_type, headers=headers)
    match = resolve(parts.path, urlconf=__name__)
    return match.func(request, **(extra or {}), **match.kwargs)


class InProcessTransport(BaseAdapter):
    """A `requests` transport that answers https://mitid.test/… from the fake broker and nothing else."""

    def send(self, request, **kwargs):
        if not request.url.startswith(f"{ISSUER}/"):
            raise requests.ConnectionError(f"No network in tests: {request.url}")
        if not _broker().reachable:
            raise requests.ConnectionError("The fake broker is down")
        body = request.body or b""
        body = body.encode() if isinstance(body, str) else body
        response = _call(request.method, request.url, body=body, headers=dict(request.headers))
        result = requests.Response()
        result.status_code = response.status_code
        result._content = response.content
        result.headers = CaseInsensitiveDict(response.headers.items())
        result.encoding = "utf-8"
        result.url = request.url
        result.request = request
        return result

    def close(self):
        pass


def requests_session() -> requests.Session:
    """What `SocialAccountAdapter.get_requests_session` returns in the tests: every address goes to the transport."""
    session = requests.Session()
    transport = InProcessTransport()
    session.mount("https://", transport)
    session.mount("http://", transport)
    return session


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
