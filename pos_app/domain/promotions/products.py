"""What a rule needs to know of a product beyond its prices, and the product sets rules name.

The pricing seam's product exposes unit_price / member_price / tax_rate_bp. Campaigns also
select by SKU, category and tags; a product that does not carry one of them (today's
ProductSnapshot has a sku but no category or tags) simply matches no rule by it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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


MEMO_SIZE = 4096


@dataclass(frozen=True)
class ProductSet:
    """Products a rule applies to: any listed SKU, category or tag (a union). `everything`
    is the whole order (order-level rules); an empty set matches nothing, and the JSON
    parser refuses one, since a campaign that applies to nothing is a typo."""

    skus: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    everything: bool = False
    # the same lists as sets: matches() runs for every line under every rule on every scan
    _skus: frozenset[str] = field(init=False, repr=False, compare=False)
    _categories: frozenset[str] = field(init=False, repr=False, compare=False)
    _tags: frozenset[str] = field(init=False, repr=False, compare=False)
    # id(index) → (index, lines): a cart's index is asked again by every rule naming this set
    _seen: dict[int, tuple[CartIndex, tuple[int, ...]]] = field(init=False, repr=False,
                                                                compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_skus", frozenset(self.skus))
        object.__setattr__(self, "_categories", frozenset(self.categories))
        object.__setattr__(self, "_tags", frozenset(self.tags))
        object.__setattr__(self, "_seen", {})

    @property
    def empty(self) -> bool:
        return not (self.everything or self.skus or self.categories or self.tags)

    def matches(self, product: object) -> bool:
        if self.everything:
            return True
        f = facts(product)
        return (f.sku in self._skus or f.category in self._categories
                or not f.tags.isdisjoint(self._tags))

    def lines_in(self, index: CartIndex) -> tuple[int, ...]:
        """The indexes of the cart's lines in this set, ascending."""
        if self.everything:
            return tuple(range(index.size))
        known = self._seen.get(id(index))
        if known is not None and known[0] is index:
            return known[1]
        found: set[int] = set()
        for key, table in ((self.skus, index.by_sku), (self.categories, index.by_category),
                           (self.tags, index.by_tag)):
            for name in key:
                found.update(table.get(name, ()))
        if len(self._seen) >= MEMO_SIZE:
            self._seen.clear()
        lines = tuple(sorted(found))
        self._seen[id(index)] = (index, lines)
        return lines


@dataclass(frozen=True)
class CartIndex:
    """Which cart lines carry each SKU, category and tag: built once per cart state, so a
    rule finds its lines without asking every line (200 rules × 50 lines on every scan)."""

    size: int
    by_sku: dict[str, tuple[int, ...]]
    by_category: dict[str, tuple[int, ...]]
    by_tag: dict[str, tuple[int, ...]]


def index_products(products: list[object]) -> CartIndex:
    tables: tuple[dict[str, list[int]], ...] = ({}, {}, {})
    for i, product in enumerate(products):
        f = facts(product)
        tables[0].setdefault(f.sku, []).append(i)
        tables[1].setdefault(f.category, []).append(i)
        for tag in f.tags:
            tables[2].setdefault(tag, []).append(i)
    by_sku, by_category, by_tag = ({k: tuple(v) for k, v in t.items()} for t in tables)
    return CartIndex(len(products), by_sku, by_category, by_tag)


def of(skus: tuple[str, ...] | list[str] = (), categories: tuple[str, ...] | list[str] = (),
       tags: tuple[str, ...] | list[str] = ()) -> ProductSet:
    """A product set with its lists sorted and deduplicated, so two sets naming the same
    products compare (and print) equal whatever order they were written in."""
    return ProductSet(tuple(sorted(set(skus))), tuple(sorted(set(categories))),
                      tuple(sorted(set(tags))))


EVERYTHING = ProductSet(everything=True)
