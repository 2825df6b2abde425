"""The wedge decoder tells scanner bursts from typing, replaying exact key timings."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.scanner.wedge import Passthrough, Scan, WedgeConfig, WedgeDecoder, concat

EAN = "6901234567892"


def play(decoder: WedgeDecoder, keys: str, gap_ms: float, start: float = 100.0):
    """Feed `keys` one every `gap_ms` from `start` seconds; return events and the end time."""
    events = []
    t = start
    for i, ch in enumerate(keys):
        t = start + i * gap_ms / 1000.0
        events += decoder.feed(ch, t)
    return events, t


def test_a_13_digit_burst_at_10ms_ended_by_enter_is_one_scan() -> None:
    decoder = WedgeDecoder(WedgeConfig())
    events, _ = play(decoder, EAN + "\r", 10)
    assert events == [Scan(EAN, "\r")]
    assert decoder.pending == ""


def test_typing_at_120ms_gaps_is_handed_back_key_by_key() -> None:
    decoder = WedgeDecoder(WedgeConfig())
    events, end = play(decoder, "1234", 120)
    events += decoder.flush(end + 0.05)
    assert events == [Passthrough(c) for c in "1234"]


def test_enter_after_typed_text_still_reaches_the_field() -> None:
    decoder = WedgeDecoder(WedgeConfig())
    events, _ = play(decoder, "12\r", 20)  # fast, but too short to be a code
    assert events == [Passthrough("12\r")]
    assert decoder.feed("\r", 500.0) == [Passthrough("\r")]


def test_typing_then_a_burst_gives_the_typing_back_then_the_scan() -> None:
    decoder = WedgeDecoder(WedgeConfig())
    typed, end = play(decoder, "qty", 150)
    burst, _ = play(decoder, EAN + "\n", 8, start=end + 0.4)
    assert typed + burst == [Passthrough("q"), Passthrough("t"), Passthrough("y"), Scan(EAN, "\n")]


def test_a_burst_shorter_than_min_length_is_typing() -> None:
    decoder = WedgeDecoder(WedgeConfig(min_length=4))
    events, _ = play(decoder, "123\r", 5)
    assert events == [Passthrough("123\r")]


def test_a_burst_without_suffix_is_typing_when_a_suffix_is_required() -> None:
    decoder = WedgeDecoder(WedgeConfig(require_suffix=True))
    events, end = play(decoder, EAN, 10)
    assert events == []
    assert decoder.pending == EAN
    assert decoder.flush(end + 0.1) == [Passthrough(EAN)]


def test_a_burst_without_suffix_scans_when_no_suffix_is_required() -> None:
    decoder = WedgeDecoder(WedgeConfig(require_suffix=False))
    _, end = play(decoder, EAN, 10)
    assert decoder.flush(end + 0.1) == [Scan(EAN)]


def test_tab_ends_a_scan() -> None:
    decoder = WedgeDecoder(WedgeConfig())
    events, _ = play(decoder, "ABC-123\t", 12)
    assert events == [Scan("ABC-123", "\t")]


def test_a_pause_inside_the_burst_breaks_it() -> None:
    decoder = WedgeDecoder(WedgeConfig(max_gap_ms=35))
    events = decoder.feed("1234", 1.0) + decoder.feed("5678", 1.040) + decoder.feed("\r", 1.045)
    assert events == [Passthrough("1234"), Scan("5678", "\r")]


def test_a_suffix_arriving_after_the_gap_is_not_part_of_the_scan() -> None:
    decoder = WedgeDecoder(WedgeConfig())
    events, end = play(decoder, EAN, 10)
    events += decoder.feed("\r", end + 0.2)
    assert events == [Passthrough(EAN), Passthrough("\r")]


def test_the_default_clock_is_used_when_no_time_is_given(clock) -> None:
    decoder = WedgeDecoder(WedgeConfig(), clock=clock)
    events = []
    for ch in EAN + "\r":
        events += decoder.feed(ch)
        clock.advance_ms(10)
    assert events == [Scan(EAN, "\r")]


def test_disabled_decoder_hands_everything_back() -> None:
    decoder = WedgeDecoder(WedgeConfig(enabled=False))
    events, _ = play(decoder, EAN + "\r", 10)
    assert concat(events) == EAN + "\r"
    assert all(isinstance(e, Passthrough) for e in events)


def test_reconfigure_settles_the_held_keys_first() -> None:
    decoder = WedgeDecoder(WedgeConfig())
    decoder.feed("12", 1.0)
    assert decoder.reconfigure(WedgeConfig(min_length=2)) == [Passthrough("12")]
    assert decoder.config.min_length == 2


def test_unknown_times_count_as_pauses() -> None:
    decoder = WedgeDecoder(WedgeConfig())
    events = []
    for ch in EAN:
        events += decoder.feed(ch, math.nan)
    events += decoder.feed("\r", math.nan)
    assert Scan(EAN, "\r") not in events
    assert concat(events) == EAN + "\r"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"min_length": 0},
        {"min_length": 2.5},
        {"max_gap_ms": 0},
        {"max_gap_ms": math.inf},
        {"max_gap_ms": "35"},
        {"suffixes": ("\r\n",)},
        {"suffixes": (), "require_suffix": True},
        {"suffixes": 5},
        {"enabled": "yes"},
    ],
)
def test_bad_settings_are_refused_at_start(kwargs) -> None:
    with pytest.raises(ValueError):
        WedgeConfig(**kwargs)


def test_suffixes_from_a_settings_list_become_a_tuple() -> None:
    assert WedgeConfig(suffixes=["\r", "\t"]).suffixes == ("\r", "\t")
    assert WedgeConfig(suffixes=(), require_suffix=False).suffixes == ()


_steps = st.lists(
    st.one_of(
        st.tuples(
            st.just("feed"),
            st.one_of(st.characters(), st.sampled_from(["\r", "\n", "\t", "1", "a"])),
            st.one_of(
                st.none(),
                st.floats(allow_nan=True, allow_infinity=True),
                st.floats(min_value=0, max_value=0.2),
            ),
        ),
        st.tuples(st.just("flush"), st.just(""), st.none()),
        st.tuples(st.just("accept"), st.just(""), st.none()),
    ),
    max_size=60,
)
_configs = st.builds(
    WedgeConfig,
    min_length=st.integers(1, 8),
    max_gap_ms=st.floats(0.001, 500),
    suffixes=st.sampled_from([("\r", "\n", "\t"), ("\r",), ("a",), ()]),
    require_suffix=st.just(False),
    enabled=st.booleans(),
) | st.builds(WedgeConfig, enabled=st.booleans())


@settings(max_examples=400, deadline=None)
@given(config=_configs, steps=_steps)
def test_fuzz_every_key_comes_back_exactly_once_in_order(config, steps) -> None:
    decoder = WedgeDecoder(config, clock=lambda: 5.0)
    fed: list[str] = []
    events = []
    for op, ch, t in steps:
        if op == "feed":
            fed.append(ch)
            events += decoder.feed(ch, t)
        elif op == "flush":
            events += decoder.flush(t)
        else:
            events += decoder.accept_without_suffix(t)
    events += decoder.flush()
    assert all(isinstance(e, Scan | Passthrough) for e in events)
    assert concat(events) == "".join(fed)
    for event in events:
        if isinstance(event, Scan):
            assert len(event.text) >= config.min_length
            assert event.suffix is None or event.suffix in config.suffixes
    assert decoder.pending == ""
