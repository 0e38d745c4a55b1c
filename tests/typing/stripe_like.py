"""A Stripe-like client, declared exactly as a user would (issue 13), and a session using it.

``make check`` type-checks this file with mypy --strict and pyright --strict: no casts, no
``Any``, no ``isinstance`` in the user code below, and ``assert_type`` lines prove what the
checkers see. ``tests/interop/stripe`` runs :func:`run_session` against a local server that
refuses anything Stripe's wire format does not allow, and replays it from a cassette.

What it uses: a bearer secret key, the ``Stripe-Version`` header, form bodies with nested
objects and lists in Stripe's bracket encoding (``address[city]``, ``metadata[order_id]``,
``items[0][price]``, ``expand[]``), ``created[gte]`` range filters, lists paginated by the
last (or first) item's id with ``has_more``, caller idempotency keys, a typed card error for
a 402, and a 429 with ``Retry-After``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Literal

from typing_extensions import assert_type

from typelink import (
    NOT_GIVEN,
    APIStatusError,
    BearerToken,
    Client,
    Consumer,
    Form,
    FormStyle,
    Model,
    NotGiven,
    Page,
    Query,
    RetryPolicy,
    get,
    header,
    post,
    query,
)
from typelink.pagination import Cursor

API_VERSION = "2020-08-27"

# -- models ------------------------------------------------------------------------------


class Address(Model):
    line1: str | None = None
    city: str | None = None
    postal_code: str | None = None
    country: str | None = None


class Customer(Model):
    id: str
    object: Literal["customer"]
    created: int
    email: str | None = None
    name: str | None = None
    description: str | None = None
    address: Address | None = None
    metadata: dict[str, str] = {}
    livemode: bool


class CustomerParams(Model):
    """Create/update parameters; fields never set are not sent, a metadata value of None
    unsets that key (Stripe reads an empty value as "unset")."""

    email: str | None = None
    name: str | None = None
    description: str | None = None
    address: Address | None = None
    metadata: dict[str, str | None] | None = None
    expand: list[str] | None = None


class Range(Model):
    gt: int | None = None
    gte: int | None = None
    lt: int | None = None
    lte: int | None = None


class ItemParams(Model):
    price: str
    quantity: int | None = None


class SubscriptionParams(Model):
    customer: str
    items: list[ItemParams]
    metadata: dict[str, str] | None = None
    expand: list[str] | None = None


class Price(Model):
    id: str
    object: Literal["price"]


class SubscriptionItem(Model):
    id: str
    object: Literal["subscription_item"]
    price: Price
    quantity: int


class SubscriptionItems(Model):
    object: Literal["list"]
    has_more: bool
    data: list[SubscriptionItem]


class SubscriptionFields(Model):
    id: str
    object: Literal["subscription"]
    status: str
    items: SubscriptionItems
    metadata: dict[str, str]


class Subscription(SubscriptionFields):
    customer: str


class SubscriptionWithCustomer(SubscriptionFields):
    """``customer`` is expandable: with ``expand[]=customer`` Stripe sends the object."""

    customer: Customer


class ChargeParams(Model):
    amount: int
    currency: str
    customer: str | None = None
    source: str | None = None
    description: str | None = None


class Charge(Model):
    id: str
    object: Literal["charge"]
    amount: int
    currency: str
    paid: bool
    status: str


# -- errors ------------------------------------------------------------------------------


class ErrorDetail(Model):
    type: str
    message: str | None = None
    code: str | None = None
    decline_code: str | None = None
    param: str | None = None
    charge: str | None = None


class ErrorBody(Model):
    error: ErrorDetail


class StripeError(APIStatusError[ErrorBody]):
    """Any answer with Stripe's error body."""


class CardError(StripeError):
    """402 card errors: ``err.parsed.error.decline_code`` is typed."""

    status_codes = frozenset({402})
    when = {"error.type": "card_error"}


class IdempotencyError(StripeError):
    when = {"error.type": "idempotency_error"}


# -- the client --------------------------------------------------------------------------

IdempotencyKey = Annotated[str, header("Idempotency-Key")]
Expand = Annotated[list[str], query("expand[]")]

NEWEST_FIRST = Cursor(
    param="starting_after", last_item_key="id", has_more_key="has_more", items_key="data"
)
BACKWARDS = Cursor(
    param="ending_before", first_item_key="id", has_more_key="has_more", items_key="data"
)


class Customers(Consumer):
    @post("customers")
    def create(
        self, params: Form[CustomerParams], idempotency_key: IdempotencyKey | NotGiven = NOT_GIVEN
    ) -> Customer:
        raise NotImplementedError

    @get("customers/{customer_id}")
    def retrieve(self, customer_id: str, expand: Expand | NotGiven = NOT_GIVEN) -> Customer:
        raise NotImplementedError

    @post("customers/{customer_id}")
    def update(self, customer_id: str, params: Form[CustomerParams]) -> Customer:
        raise NotImplementedError

    @get("customers", paginate=NEWEST_FIRST)
    def list_all(
        self,
        limit: Query[int] | NotGiven = NOT_GIVEN,
        created: Annotated[Range, query("created", style="deepObject")] | NotGiven = NOT_GIVEN,
        starting_after: Query[str] | NotGiven = NOT_GIVEN,
    ) -> Page[Customer]:
        raise NotImplementedError

    @get("customers", paginate=BACKWARDS)
    def list_before(
        self, ending_before: Query[str], limit: Query[int] | NotGiven = NOT_GIVEN
    ) -> Page[Customer]:
        raise NotImplementedError


class Subscriptions(Consumer):
    @post("subscriptions")
    def create(self, params: Form[SubscriptionParams]) -> Subscription:
        raise NotImplementedError

    @post("subscriptions")
    def create_expanded(self, params: Form[SubscriptionParams]) -> SubscriptionWithCustomer:
        """Pass ``expand=["customer"]`` in ``params``."""
        raise NotImplementedError


class Charges(Consumer):
    @post("charges")
    def create(self, params: Form[ChargeParams]) -> Charge:
        raise NotImplementedError


class Stripe(Client):
    base_url = "https://api.stripe.com/v1"
    error_classes = (CardError, IdempotencyError)
    customers: Customers
    subscriptions: Subscriptions
    charges: Charges


def connect(api_key: str, base_url: str, *, sleep: Callable[[float], None]) -> Stripe:
    """The client as an application would configure it (``sleep``: for tests)."""
    return Stripe(
        base_url,
        auth=BearerToken(api_key),
        headers={"Stripe-Version": API_VERSION},
        form_style=FormStyle(objects="brackets", lists="brackets"),
        retry=RetryPolicy(
            idempotency_header="Idempotency-Key", should_retry_header="Stripe-Should-Retry"
        ),
        sleep=sleep,
        rand=lambda: 0.0,
    )


# -- a session ---------------------------------------------------------------------------

CREATED_SINCE = 1_700_000_000
DECLINED_CARD = "tok_chargeDeclinedInsufficientFunds"


@dataclass
class Session:
    """What :func:`run_session` saw."""

    created: list[str]
    kept_metadata: dict[str, str]
    newest_first: list[str]
    pages: int
    backwards: list[str]
    retrieved: str
    subscription_customer: str | None
    subscription_price: str
    decline_code: str | None
    declined_charge: str | None
    charge_status: str


def run_session(api: Stripe) -> Session:
    """Create customers, walk them both ways, subscribe one, charge (a decline, then a
    success): every call Stripe-style on the wire."""
    first = api.customers.create(
        CustomerParams(
            email="jenny@example.com",
            name="Jenny Rosen",
            address=Address(line1="1 Rue de Rivoli", city="Paris", country="FR"),
            metadata={"order_id": "6735", "channel": "web"},
            expand=["default_source"],
        ),
        idempotency_key="order-6735-customer",
    )
    assert_type(first, Customer)
    created = [first.id]
    for number in range(2, 6):
        created.append(api.customers.create(CustomerParams(email=f"c{number}@example.com")).id)
    updated = api.customers.update(
        first.id, CustomerParams(description="VIP", metadata={"channel": None})
    )
    first_page = api.customers.list_all(limit=2, created=Range(gte=CREATED_SINCE))
    assert_type(first_page, Page[Customer])
    newest_first: list[str] = []
    pages = 0
    for page in first_page.iter_pages():  # starting_after=<id of the page's last customer>
        pages += 1
        newest_first += [customer.id for customer in page.items]
    backwards = [c.id for c in api.customers.list_before(ending_before=created[0], limit=2)]
    retrieved = api.customers.retrieve(created[1])  # answered 429 first, then retried
    subscription = api.subscriptions.create_expanded(
        SubscriptionParams(
            customer=first.id, items=[ItemParams(price="price_1", quantity=2)], expand=["customer"]
        )
    )
    assert_type(subscription.customer, Customer)
    try:
        api.charges.create(ChargeParams(amount=2000, currency="eur", source=DECLINED_CARD))
        decline_code: str | None = None
        declined_charge: str | None = None
    except CardError as err:
        assert_type(err.parsed, ErrorBody)
        decline_code = err.parsed.error.decline_code
        declined_charge = err.parsed.error.charge
    paying = api.charges.with_options(headers={"Idempotency-Key": "order-6735-charge"})
    charge = paying.create(ChargeParams(amount=2000, currency="eur", customer=first.id))
    return Session(
        created=created,
        kept_metadata=updated.metadata,
        newest_first=newest_first,
        pages=pages,
        backwards=backwards,
        retrieved=retrieved.id,
        subscription_customer=subscription.customer.email,
        subscription_price=subscription.items.data[0].price.id,
        decline_code=decline_code,
        declined_charge=declined_charge,
        charge_status=charge.status,
    )
