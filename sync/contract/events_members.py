"""`member.enrolled` (pos_app/services/members.py MemberService.enroll) and `member.tagged`
(MemberService.add_tag)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar

from pydantic import AfterValidator, Field, model_validator

from sync.contract.fields import Id, Instant, Payload, Text, no_nul


def _iso_date(value: str) -> str:
    date.fromisoformat(value)  # ValueError → a per-event rejection with the reason
    if not 1900 <= int(value[:4]) <= 2100:
        raise ValueError("birthday out of range")
    return value


Phone = Annotated[str, Field(pattern=r"^\+?[0-9]{5,20}$")]
CardNo = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(no_nul)]
Ident = Annotated[str, Field(min_length=1, max_length=128), AfterValidator(no_nul)]
Birthday = Annotated[str, Field(min_length=10, max_length=10), AfterValidator(_iso_date)]


class MemberEnrolledPayload(Payload):
    """A member enrolled at a till (online or offline, then `provisional` locally)."""

    entity_field: ClassVar[str | None] = "id"  # names outbox_event.entity_id

    id: Id
    name: Annotated[str, Field(min_length=1, max_length=200), AfterValidator(no_nul)]
    phone: Phone | None = None
    card_no: CardNo | None = None
    birthday: Birthday | None = None
    gender: Annotated[str, Field(max_length=16), AfterValidator(no_nul)] = ""
    consent: bool = False
    marketing_consent: bool = False  # a separate opt-in; older tills do not send it
    home_store_id: Id | None = None
    enrolled_by: Id | None = None
    owner_guide_id: Id | None = None
    tags: list[Text] = Field(default_factory=list, max_length=50)
    openid: Ident | None = None
    unionid: Ident | None = None
    created_at: Instant

    @model_validator(mode="after")
    def _identified(self) -> MemberEnrolledPayload:
        if not (self.phone or self.card_no or self.unionid or self.openid):
            raise ValueError("a member needs a phone, a card_no, a unionid or an openid")
        if not self.name.strip():
            raise ValueError("name is blank")
        return self


class MemberTaggedPayload(Payload):
    """`member.tagged` (MemberService.add_tag): a guide added a tag."""

    entity_field: ClassVar[str | None] = "id"  # names outbox_event.entity_id

    id: Id
    tag: Annotated[str, Field(min_length=1, max_length=40), AfterValidator(no_nul)]
    by: Id | None = None
