"""Cells: CJK and full-width ￥ take two cells, so columns line up on paper."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from devices.printer.cells import cells, justify, pad, paper_text, truncate, two_columns, wrap

MIXED = st.text(
    alphabet=st.sampled_from(list("abc XYZ 123 可口可乐中文￥×·é-")), min_size=0, max_size=80
)


def test_chinese_and_full_width_yuan_count_two_cells():
    assert cells("abc") == 3
    assert cells("可口可乐") == 8
    assert cells("￥12.50") == 7
    assert cells("e\u0301") == 1  # combining accent takes no cell


def test_truncate_never_splits_a_wide_character():
    assert truncate("可口可乐", 5) == "可口"
    assert pad("可口可乐", 5) == "可口 "
    assert pad("ab", 6, "right") == "    ab"
    assert pad("ab", 6, "center") == "  ab  "


def test_justify_puts_the_amount_at_the_right_edge():
    line = justify("可口可乐", "￥7.00", 32)
    assert cells(line) == 32 and line.endswith("￥7.00") and line.startswith("可口可乐")


def test_justify_cuts_the_label_not_the_amount():
    line = justify("非常非常非常非常长的商品名称", "￥123.00", 16)
    assert cells(line) <= 16 and line.endswith("￥123.00")


def test_wrap_keeps_latin_words_and_breaks_chinese_anywhere():
    assert wrap("Canvas tote bag deluxe", 12) == ["Canvas tote", "bag deluxe"]
    assert wrap("东方树叶乌龙茶无糖茶饮料", 10) == ["东方树叶乌", "龙茶无糖茶", "饮料"]


def test_paper_text_replaces_what_printer_fonts_lack():
    assert paper_text("可乐😀\tx") == "可乐? x"


@given(MIXED, st.sampled_from([16, 21, 24, 32, 42, 48]))
def test_every_wrapped_line_fits(text, width):
    assert all(cells(line) <= width for line in wrap(text, width))


@given(MIXED, MIXED, st.sampled_from([16, 32, 42, 48]))
def test_two_columns_lines_fit_and_keep_the_right_text(left, right, width):
    right = truncate(right.strip(), width)
    lines = two_columns(left, right, width)
    assert all(cells(line) <= width for line in lines)
    assert lines[-1].rstrip().endswith(right.rstrip()) or not right.strip()
