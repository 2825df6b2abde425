"""Every help text `shopfloor --help` and its subcommands' `--help` show is in the till's
language: a subcommand added with an English-only help (the maintenance ones were, review
24 #1) shows up here by name. argparse's own words ("usage:", "options:", the -h line)
stay as argparse writes them: they come from the stdlib's gettext, not our catalogue."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator

import pytest

from pos_app import i18n
from pos_app.cli import _parser

HAN = re.compile(r"[\u4e00-\u9fff]")


def help_texts(parser: argparse.ArgumentParser, path: str = "shopfloor") -> Iterator[
        tuple[str, str]]:
    """(where, text) for the parser's description and every help it lists, subcommands'
    parsers included; argparse's own -h line left out."""
    if parser.description:
        yield path, parser.description
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if isinstance(action, argparse._SubParsersAction):
            for listed in action._choices_actions:  # the subcommand lines of --help
                yield f"{path} {listed.dest}", listed.help or ""
            for name, sub in action.choices.items():
                yield from help_texts(sub, f"{path} {name}")
        elif action.help and action.help != argparse.SUPPRESS:
            yield f"{path} {'/'.join(action.option_strings) or action.dest}", action.help


@pytest.fixture
def chinese_parser() -> Iterator[argparse.ArgumentParser]:
    i18n.set_language("zh_CN")
    try:
        yield _parser()
    finally:
        i18n.set_language("en")


def test_every_help_text_is_chinese_on_a_chinese_till(chinese_parser):
    texts = list(help_texts(chinese_parser))
    assert any(where == "shopfloor backup" for where, _text in texts)  # the maintenance ones
    assert any(where == "shopfloor audit verify --against-hq" for where, _text in texts)
    english = [f"{where}: {text}" for where, text in texts if not HAN.search(text)]
    assert not english, "help texts not translated:\n" + "\n".join(english)


def test_the_help_texts_are_english_on_an_english_till():
    i18n.set_language("en")
    texts = dict(help_texts(_parser()))
    assert texts["shopfloor backup"] == "make a checked copy of the store file now"
    assert not [text for text in texts.values() if HAN.search(text)]
