"""What a rule needs to know of a product beyond its prices, and the product sets rules name.

The pricing seam's product exposes unit_price / member_price / tax_rate_bp. Campaigns also
select by SKU, category and tags; a product that does not carry one of them (today's
ProductSnapshot has a sku but no category or tags) simply matches no rule by it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@runtime_checkable
class PromoProduct(Protocol):
    """The fields product sets read; each is optional on the real product (see facts())."""

    @property
    def sku(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def tags(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class ProductFacts:
    sku: str
    category: str
    tags: frozenset[str]


def facts(product: object) -> ProductFacts:
    """A product's sku, category and tags, with "" / none when it does not carry them, so a
    cart of older snapshots prices (it just matches no category or tag rule)."""
    sku = getattr(product, "sku", "") or ""
    category = getattr(product, "category", "") or ""
    tags = getattr(product, "tags", ()) or ()
    return ProductFacts(str(sku), str(category), frozenset(str(t) for t in tags))


@dataclass(frozen=True)
class ProductSet:
    """Products a rule applies to: any listed SKU, category or tag (a union). `everything`
    is the whole order (order-level rules); an empty set matches nothing, and the JSON
    parser refuses one, since a campaign that applies to nothing is a typo."""

    skus: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    everything: bool = False

    @property
    def empty(self) -> bool:
        return not (self.everything or self.skus or self.categories or self.tags)

    def matches(self, product: object) -> bool:
        if self.everything:
            return True
        f = facts(product)
        return (f.sku in self.skus or f.category in self.categories
                or not f.tags.isdisjoint(self.tags))


def of(skus: tuple[str, ...] | list[str] = (), categories: tuple[str, ...] | list[str] = (),
       tags: tuple[str, ...] | list[str] = ()) -> ProductSet:
    """A product set with its lists sorted and deduplicated, so two sets naming the same
    products compare (and print) equal whatever order they were written in."""
    return ProductSet(tuple(sorted(set(skus))), tuple(sorted(set(categories))),
                      tuple(sorted(set(tags))))


EVERYTHING = ProductSet(everything=True)
