"""A local server that behaves like Stripe's API and rejects any request Stripe would not take.

Every request must carry ``Authorization: Bearer <key>`` and ``Stripe-Version``; GET
parameters come in the query string, POST parameters in an ``application/x-www-form-urlencoded``
body, both in Stripe's bracket encoding (checked by :mod:`tests.interop.stripe.wire` against
each endpoint's parameters). Lists are cursor-paginated by object id (``starting_after``,
``ending_before``, ``has_more``), newest first. A POST with an ``Idempotency-Key`` seen before
with other parameters is refused (``idempotency_error``), and with the same ones answered
from the stored result, as Stripe does.

Scripted faults, each used once: ``fail_next`` (a 500 with ``Stripe-Should-Retry: true``)
and ``rate_limit_next`` (a 429 with ``Retry-After``), keyed by ``"METHOD /path"``.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from tests.interop.stripe import wire

API_KEY = "sk_test_typelink_local_0000000000"
API_VERSION = "2020-08-27"
FIRST_CREATED = 1_700_000_000
DECLINED_SOURCE = "tok_chargeDeclinedInsufficientFunds"


@dataclass
class Seen:
    """One request as it arrived, with the answer's status."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes
    status: int = 0


@dataclass
class Answer:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


class StripeError(Exception):
    def __init__(self, status: int, kind: str, message: str, **extra: str) -> None:
        super().__init__(message)
        self.answer = Answer(status, {"error": {"type": kind, "message": message, **extra}})


class StripeLikeApi:
    """The state and rules behind the HTTP server (one instance per server)."""

    def __init__(self) -> None:
        self.customers: list[dict[str, Any]] = []
        self.subscriptions = 0
        self.charges = 0
        self.idempotent: dict[str, tuple[str, Answer]] = {}
        self.fail_next: set[str] = set()
        self.rate_limit_next: set[str] = set()
        self.seen: list[Seen] = []
        self.lock = threading.Lock()

    # -- the request -----------------------------------------------------------------------

    def handle(self, seen: Seen) -> Answer:
        with self.lock:
            self.seen.append(seen)
            try:
                answer = self._answer(seen)
            except wire.WireError as exc:
                error = StripeError(400, "invalid_request_error", exc.message, param=exc.param)
                answer = error.answer
            except StripeError as exc:
                answer = exc.answer
            seen.status = answer.status
            answer.headers.setdefault("Request-Id", f"req_{len(self.seen):06d}")
            return answer

    def _answer(self, seen: Seen) -> Answer:
        headers = {k.lower(): v for k, v in seen.headers.items()}
        if headers.get("authorization") != f"Bearer {API_KEY}":
            raise StripeError(401, "invalid_request_error", "Invalid API Key provided")
        if headers.get("stripe-version") != API_VERSION:
            raise StripeError(400, "invalid_request_error", "Stripe-Version must be pinned")
        parts = urlsplit(seen.target)
        route = f"{seen.method} {parts.path}"
        if seen.method == "GET":
            if seen.body:
                raise StripeError(400, "invalid_request_error", "GET requests take no body")
            params = wire.parse(parts.query)
        else:
            if parts.query:
                raise StripeError(400, "invalid_request_error", "POST parameters go in the body")
            if headers.get("content-type") != "application/x-www-form-urlencoded":
                raise StripeError(400, "invalid_request_error", "Send a form-encoded body")
            params = wire.parse(seen.body.decode("ascii"))
        if route in self.fail_next:
            self.fail_next.discard(route)
            error = StripeError(500, "api_error", "An unexpected error occurred.")
            error.answer.headers["Stripe-Should-Retry"] = "true"
            raise error
        if route in self.rate_limit_next:
            self.rate_limit_next.discard(route)
            error = StripeError(
                429, "invalid_request_error", "Too many requests", code="rate_limit"
            )
            error.answer.headers["Retry-After"] = "1"
            raise error
        key = headers.get("idempotency-key")
        if seen.method == "POST" and key is not None:
            return self._idempotent(key, route, seen.body.decode("ascii"), params)
        return self._route(route, params)

    def _idempotent(self, key: str, route: str, body: str, params: dict[str, Any]) -> Answer:
        stored = self.idempotent.get(key)
        fingerprint = f"{route}?{sorted(body.split('&'))}"
        if stored is not None:
            if stored[0] != fingerprint:
                raise StripeError(
                    400,
                    "idempotency_error",
                    "Keys for idempotent requests can only be used with the same parameters",
                )
            return stored[1]
        answer = self._route(route, params)
        self.idempotent[key] = (fingerprint, answer)
        return answer

    def _route(self, route: str, params: dict[str, Any]) -> Answer:
        method, path = route.split(" ", 1)
        segments = path.strip("/").split("/")
        if segments[0] != "v1":
            raise StripeError(404, "invalid_request_error", f"Unrecognized request URL ({path})")
        resource = segments[1:]
        if resource == ["customers"]:
            if method == "POST":
                return self._create_customer(params)
            return self._list_customers(params)
        if len(resource) == 2 and resource[0] == "customers":
            if method == "POST":
                return self._update_customer(resource[1], params)
            wire.check(params, wire.RETRIEVE)
            return Answer(200, self._customer(resource[1]))
        if resource == ["subscriptions"] and method == "POST":
            return self._create_subscription(params)
        if resource == ["charges"] and method == "POST":
            return self._create_charge(params)
        raise StripeError(404, "invalid_request_error", f"Unrecognized request URL ({path})")

    # -- resources -------------------------------------------------------------------------

    def _customer(self, customer_id: str) -> dict[str, Any]:
        for customer in self.customers:
            if customer["id"] == customer_id:
                return customer
        raise StripeError(
            404, "invalid_request_error", f"No such customer: '{customer_id}'", param="id"
        )

    def _create_customer(self, params: dict[str, Any]) -> Answer:
        wire.check(params, wire.CUSTOMER)
        number = len(self.customers) + 1
        customer = {
            "id": f"cus_{number:04d}",
            "object": "customer",
            "created": FIRST_CREATED + number,
            "email": params.get("email"),
            "name": params.get("name"),
            "description": params.get("description"),
            "address": params.get("address"),
            "metadata": {k: v for k, v in params.get("metadata", {}).items() if v != ""},
            "livemode": False,
        }
        self.customers.append(customer)
        return Answer(200, customer)

    def _update_customer(self, customer_id: str, params: dict[str, Any]) -> Answer:
        wire.check(params, wire.CUSTOMER)
        customer = self._customer(customer_id)
        for name in ("email", "name", "description", "address"):
            if name in params:
                customer[name] = params[name]
        for key, value in params.get("metadata", {}).items():
            if value == "":
                customer["metadata"].pop(key, None)  # an empty value unsets the key
            else:
                customer["metadata"][key] = value
        return Answer(200, customer)

    def _list_customers(self, params: dict[str, Any]) -> Answer:
        wire.check(params, wire.CUSTOMER_LIST)
        if "starting_after" in params and "ending_before" in params:
            raise StripeError(400, "invalid_request_error", "Pass only one cursor")
        limit = int(params.get("limit", "10"))
        created = params.get("created", {})
        rows = [c for c in reversed(self.customers) if _in_range(c["created"], created)]
        ids = [c["id"] for c in rows]
        if "starting_after" in params:
            start = ids.index(self._customer(params["starting_after"])["id"]) + 1
            page, more = rows[start : start + limit], start + limit < len(rows)
        elif "ending_before" in params:
            end = ids.index(self._customer(params["ending_before"])["id"])
            start = max(0, end - limit)
            page, more = rows[start:end], start > 0
        else:
            page, more = rows[:limit], limit < len(rows)
        body = {"object": "list", "url": "/v1/customers", "has_more": more, "data": page}
        return Answer(200, body)

    def _create_subscription(self, params: dict[str, Any]) -> Answer:
        wire.check(params, wire.SUBSCRIPTION)
        customer = self._customer(params.get("customer", ""))
        expand = params.get("expand", [])
        self.subscriptions += 1
        items = [
            {
                "id": f"si_{self.subscriptions:04d}_{n}",
                "object": "subscription_item",
                "price": {"id": item["price"], "object": "price"},
                "quantity": int(item.get("quantity", "1")),
            }
            for n, item in enumerate(params.get("items", []))
        ]
        body = {
            "id": f"sub_{self.subscriptions:04d}",
            "object": "subscription",
            "customer": customer if "customer" in expand else customer["id"],
            "status": "active",
            "items": {"object": "list", "has_more": False, "data": items},
            "metadata": params.get("metadata", {}),
        }
        return Answer(200, body)

    def _create_charge(self, params: dict[str, Any]) -> Answer:
        wire.check(params, wire.CHARGE)
        self.charges += 1
        charge_id = f"ch_{self.charges:04d}"
        if params.get("source") == DECLINED_SOURCE:
            raise StripeError(
                402,
                "card_error",
                "Your card has insufficient funds.",
                code="card_declined",
                decline_code="insufficient_funds",
                charge=charge_id,
            )
        body = {
            "id": charge_id,
            "object": "charge",
            "amount": int(params["amount"]),
            "currency": params["currency"],
            "paid": True,
            "status": "succeeded",
        }
        return Answer(200, body)


def _in_range(value: int, bounds: dict[str, str]) -> bool:
    checks = {
        "gt": value > int(bounds.get("gt", value - 1)),
        "gte": value >= int(bounds.get("gte", value)),
        "lt": value < int(bounds.get("lt", value + 1)),
        "lte": value <= int(bounds.get("lte", value)),
    }
    return all(checks.values())


class StripeLikeServer:
    """The HTTP side: a threaded HTTP/1.1 server on 127.0.0.1 (``port=0``: any free one)."""

    def __init__(self, port: int = 0) -> None:
        self.api = StripeLikeApi()
        api = self.api

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: object) -> None:
                return

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                answer = api.handle(Seen(self.command, self.path, dict(self.headers), body))
                data = json.dumps(answer.body).encode()
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Stripe-Version", API_VERSION)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = _handle

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
