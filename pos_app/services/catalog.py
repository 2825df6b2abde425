"""Finding products: by scanned barcode (the hot path) and by name/SKU search."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, or_
from sqlmodel import Session, select

from local_db.models import Barcode, Product
from local_db.uow import read_session
from pos_app.domain.barcodes import (
    gtin_is_valid,
    is_readable_code,
    looks_like_gtin,
    normalise_scan,
    same_item_codes,
)
from pos_app.domain.cart import ProductSnapshot
from pos_app.domain.codes import Classified, barcode_forms
from pos_app.errors import PosError
from pos_app.i18n import language


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


def _snapshot(product: Product, barcode: str) -> ProductSnapshot:
    return ProductSnapshot(
        product_id=product.id,
        sku=product.sku,
        name=product.name_zh,
        unit_price=product.price,
        tax_rate_bp=product.tax_rate_bp,
        barcode=barcode,
        unit_tracked=product.unit_tracked,
    )


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
        with read_session(self._engine) as session:
            for candidate in same_item_codes(code):
                row = session.exec(
                    select(Product)
                    .join(Barcode, Barcode.product_id == Product.id)
                    .where(Barcode.code == candidate, Product.active)
                ).first()
                if row is not None:
                    return _snapshot(row, candidate)
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
        """Name (zh/en) or SKU contains the text; exact SKU/barcode hits first."""
        query = text.strip()
        if not query:
            return []
        pattern = f"%{query}%"
        with read_session(self._engine) as session:
            rows = session.exec(
                select(Product)
                .where(
                    Product.active,
                    or_(
                        Product.sku == query,
                        Product.name_zh.like(pattern),
                        Product.name_en.like(pattern),
                        Product.sku.like(pattern),
                    ),
                )
                .order_by((Product.sku == query).desc(), Product.name_zh)
                .limit(limit)
            ).all()
            hits = []
            for p in rows:
                barcode = session.exec(
                    select(Barcode.code).where(Barcode.product_id == p.id).limit(1)
                ).first()
                hits.append(
                    ProductHit(
                        snapshot=_snapshot(p, barcode or ""),
                        name_zh=p.name_zh,
                        name_en=p.name_en,
                        category=p.category,
                        stock_qty=p.stock_qty,
                    )
                )
            return hits

    def product_count(self) -> int:
        from sqlalchemy import func

        with read_session(self._engine) as session:
            return session.exec(select(func.count()).select_from(Product)).one()
