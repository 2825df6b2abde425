"""Finding products: by scanned barcode (the hot path) and by name/SKU search."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Engine, Row
from sqlmodel import Session, select

from local_db.models import Barcode, Product
from local_db.uow import read_session, write_session
from pos_app.domain.barcodes import (
    barcode_forms,
    gtin_is_valid,
    is_readable_code,
    looks_like_gtin,
    normalise_scan,
)
from pos_app.domain.cart import ProductSnapshot
from pos_app.domain.codes import Classified
from pos_app.errors import PosError
from pos_app.i18n import language
from pos_app.services import product_search


@dataclass(frozen=True)
class ProductHit:
    snapshot: ProductSnapshot
    name_zh: str
    name_en: str
    category: str
    stock_qty: int


def display_name(product: Product) -> str:
    if language() == "en" and product.name_en:
        return product.name_en
    return product.name_zh


def product_tags(raw: str | None) -> tuple[str, ...]:
    """A product row's tags (a JSON list, `[]` before HQ sent any) as the snapshot keeps
    them; a row that does not hold a list of texts has none rather than failing a scan."""
    try:
        tags = json.loads(raw or "[]")
    except ValueError:
        return ()
    if not isinstance(tags, list):
        return ()
    return tuple(str(t) for t in tags if isinstance(t, str))


def _snapshot(product: Product, barcode: str) -> ProductSnapshot:
    """What the cart keeps of a product, member price included: pricing charges it on a
    member's sale (it was imported, stored and synced but never charged before issue 12)."""
    return ProductSnapshot(
        product_id=product.id,
        sku=product.sku,
        name=product.name_zh,
        unit_price=product.price,
        tax_rate_bp=product.tax_rate_bp,
        barcode=barcode,
        unit_tracked=product.unit_tracked,
        member_price=product.member_price,
        category=product.category or "",
        tags=product_tags(product.tags),
        name_en=product.name_en or "",
    )


def _hit(row: Row) -> ProductHit:
    snapshot = ProductSnapshot(
        product_id=row.id, sku=row.sku, name=row.name_zh, unit_price=row.price,
        tax_rate_bp=row.tax_rate_bp, barcode=row.barcode or "",
        unit_tracked=bool(row.unit_tracked), member_price=row.member_price,
        category=row.category or "", tags=product_tags(row.tags), name_en=row.name_en or "",
    )
    return ProductHit(snapshot=snapshot, name_zh=row.name_zh, name_en=row.name_en or "",
                      category=row.category, stock_qty=row.stock_qty)


def product_row_for_unit(session: Session, gtin: str | None, sku: str | None) -> Product | None:
    """The active product a unit code names: by any barcode form of its GTIN, else by SKU."""
    if gtin:
        return session.exec(
            select(Product)
            .join(Barcode, Barcode.product_id == Product.id)
            .where(Barcode.code.in_(barcode_forms(gtin)), Product.active)
        ).first()
    if sku:
        return session.exec(select(Product).where(Product.sku == sku, Product.active)).first()
    return None


class CatalogService:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def find_by_barcode(self, raw: str) -> ProductSnapshot:
        """The product a scan names, or a PosError saying why not (malformed vs unknown)."""
        code = normalise_scan(raw)
        if not is_readable_code(code):
            raise PosError("malformed_scan", code=code[:40])
        forms = barcode_forms(code)
        with read_session(self._engine) as session:
            found = {
                barcode: row
                for row, barcode in session.exec(
                    select(Product, Barcode.code)
                    .join(Barcode, Barcode.product_id == Product.id)
                    .where(Barcode.code.in_(forms), Product.active)
                )
            }
            for candidate in (code, *forms):  # the code as scanned wins over its other forms
                if candidate in found:
                    return _snapshot(found[candidate], candidate)
        if looks_like_gtin(code) and not gtin_is_valid(code):
            raise PosError("bad_check_digit", code=code)
        raise PosError("unknown_barcode", code=code)

    def find_for_unit(self, code: Classified) -> ProductSnapshot:
        """The product of a unit code; the snapshot's barcode is the GTIN form we matched."""
        with read_session(self._engine) as session:
            row = product_row_for_unit(session, code.gtin, code.sku)
            if row is None:
                raise PosError("unit_product_unknown", code=code.unit_key or code.raw[:40])
            barcode = ""
            if code.gtin:
                barcode = session.exec(
                    select(Barcode.code).where(
                        Barcode.product_id == row.id, Barcode.code.in_(barcode_forms(code.gtin))
                    )
                ).first() or ""
            return _snapshot(row, barcode)

    def search(self, text: str, limit: int = 30) -> list[ProductHit]:
        """Name (zh/en, pinyin full or initials), SKU or barcode; exact SKU/barcode first.

        One query for all hits (pos_app.services.product_search). Products some writer left
        unindexed (terms not computed yet) are indexed first, so none is ever missing."""
        if not text.strip():
            return []
        with read_session(self._engine) as session:
            stale = product_search.is_stale(session.connection())
        if stale:
            with write_session(self._engine) as session:
                product_search.refresh(session.connection())
        with read_session(self._engine) as session:
            return [_hit(row) for row in product_search.find(session.connection(), text, limit)]

    def product_count(self) -> int:
        from sqlalchemy import func

        with read_session(self._engine) as session:
            return session.exec(select(func.count()).select_from(Product)).one()
