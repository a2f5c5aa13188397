"""Stale content, for editors: every sourced fact last checked over 12 months ago, or unsourced.

Roles' salary figures, market figures, certifications and resources carry a source URL and the
date it was last checked. `stale_items` lists those past due; `mark_checked` records a check
(the source URL confirmed or corrected, checked today) through the same path as an admin save:
one transaction, a history entry with the editor and a reason, and a content generation bump.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse

from roles.cache import bump_generation
from roles.models import Certification, MarketFigure, Resource, Role

STALE_AFTER_MONTHS = 12
CHECKED_REASON = "checked at source"


@dataclass(frozen=True)
class Kind:
    """One kind of sourced fact: where its source URL (if it has one) and checked date live."""

    slug: str
    label: str
    model: type[models.Model]
    source_field: str  # "" when the fact has no source URL of its own (verification hosts)
    checked_field: str
    present: Q = field(default_factory=Q)  # which rows hold such a fact at all

    @property
    def permission(self) -> str:
        return f"roles.change_{self.model._meta.model_name}"


KINDS = (
    Kind(
        "salary",
        "Salary figure",
        Role,
        "salary_source_url",
        "salary_checked_on",
        Q(salary_amount__isnull=False),
    ),
    Kind("figure", "Market figure", MarketFigure, "source_url", "checked_on"),
    Kind(
        "certification",
        "Certification",
        Certification,
        "source_url",
        "checked_on",
        Q(is_recognised=True),  # a name no issuer offers is shown nowhere: nothing to check
    ),
    Kind(
        "hosts",
        "Verification hosts",
        Certification,
        "",
        "hosts_checked_on",
        Q(is_recognised=True) & ~Q(verification_hosts=""),
    ),
    Kind("resource", "Resource", Resource, "url", "checked_on"),
)
KIND_BY_SLUG = {kind.slug: kind for kind in KINDS}


@dataclass(frozen=True)
class StaleItem:
    kind: Kind
    pk: int
    title: str
    owner: str
    source_url: str
    checked_on: date | None

    @property
    def key(self) -> str:
        """How a form names the item: "figure:12"."""
        return f"{self.kind.slug}:{self.pk}"

    @property
    def change_url(self) -> str:
        opts = self.kind.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.pk])

    @property
    def why(self) -> str:
        if not self.source_url and self.kind.source_field:
            return "no source" if self.checked_on else "no source, never checked"
        if self.checked_on is None:
            return "never checked"
        return "checked over 12 months ago"


def stale_before(today: date) -> date:
    """The day 12 months before `today`: a check older than this is stale."""
    year, month = divmod(today.year * 12 + today.month - 1 - STALE_AFTER_MONTHS, 12)
    month += 1
    for day in range(today.day, 0, -1):
        try:
            return date(year, month, day)
        except ValueError:  # 29-31 February, 31 April...
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def _stale_q(kind: Kind, today: date) -> Q:
    checked = kind.checked_field
    stale = Q(**{f"{checked}__isnull": True}) | Q(**{f"{checked}__lt": stale_before(today)})
    if kind.source_field:
        stale |= Q(**{kind.source_field: ""})
    return kind.present & stale


def _describe(kind: Kind, obj) -> tuple[str, str]:
    """(title, owner) as the list shows them."""
    if kind.model is Role:
        figure = f"{obj.salary_currency} {obj.salary_amount:,}"
        return (f"{figure} ({obj.salary_year})" if obj.salary_year else figure), obj.title
    if kind.model is MarketFigure:
        return f"{obj.label}: {obj.value}", obj.role.title
    if kind.model is Resource:
        return obj.title, obj.skill.name
    if kind.slug == "hosts":
        return f"{obj.name}: {', '.join(obj.verification_host_list)}", obj.issuer
    return obj.name, obj.issuer


RELATED = {MarketFigure: ["role"], Resource: ["skill"]}


def stale_items(*, today: date, kinds=KINDS) -> list[StaleItem]:
    """Every stale item of `kinds`, oldest check first (never checked before all); one query
    per kind."""
    items = []
    for kind in kinds:
        rows = kind.model.objects.filter(_stale_q(kind, today))
        if kind.model in RELATED:
            rows = rows.select_related(*RELATED[kind.model])
        for obj in rows:
            title, owner = _describe(kind, obj)
            items.append(
                StaleItem(
                    kind=kind,
                    pk=obj.pk,
                    title=title,
                    owner=owner,
                    source_url=getattr(obj, kind.source_field) if kind.source_field else "",
                    checked_on=getattr(obj, kind.checked_field),
                )
            )
    return sort_items(items, "checked")


SORTS = {
    "kind": lambda item: (item.kind.label, item.title.lower()),
    "item": lambda item: (item.title.lower(), item.kind.label),
    "owner": lambda item: (item.owner.lower(), item.title.lower()),
    "checked": lambda item: (item.checked_on or date.min, item.kind.label, item.title.lower()),
}


def sort_items(items: list[StaleItem], order: str) -> list[StaleItem]:
    """`items` sorted by a column of `SORTS`; "-column" sorts it the other way."""
    name = order.removeprefix("-")
    key = SORTS.get(name, SORTS["checked"])
    return sorted(items, key=key, reverse=order.startswith("-") and name in SORTS)


def find(keys: list[str]) -> list[tuple[Kind, models.Model]]:
    """(kind, object) for each "kind:pk" key, in order; unknown or malformed keys are skipped."""
    found = []
    for key in dict.fromkeys(keys):
        slug, _, pk = key.partition(":")
        kind = KIND_BY_SLUG.get(slug)
        if kind is None or not pk.isdigit():
            continue
        obj = kind.model.objects.filter(pk=int(pk)).first()
        if obj is not None:
            found.append((kind, obj))
    return found


def mark_checked(
    *, checks: list[tuple[Kind, int, str]], today: date, reason: str | None
) -> list[tuple[models.Model, list[str]]]:
    """Record that each (kind, pk, source URL) was checked at that source today (a kind without
    a source URL of its own ignores the URL); one transaction, a history entry per item (reason:
    the editor's, or "checked at source") and a content generation bump. Returns each object
    saved with the fields that changed."""
    saved = []
    with transaction.atomic():
        for kind, pk, url in checks:
            obj = kind.model.objects.select_for_update().filter(pk=pk).first()
            if obj is None:
                continue
            values = {kind.checked_field: today}
            if kind.source_field:
                values[kind.source_field] = url
            changed = [name for name, value in values.items() if getattr(obj, name) != value]
            for name, value in values.items():
                setattr(obj, name, value)
            fields = list(values)
            if any(f.name == "updated_at" for f in kind.model._meta.concrete_fields):
                fields.append("updated_at")
            obj._change_reason = reason or CHECKED_REASON
            obj.save(update_fields=fields)
            saved.append((obj, changed))
        if saved:
            bump_generation()
    return saved
