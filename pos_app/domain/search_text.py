"""Names → search terms and typed queries → FTS5 MATCH strings; one tokenisation for member
names and product names, so a cashier types the same way in both.

Most Chinese names and queries are two characters, which a trigram tokenizer cannot match,
so a name's `terms` list its character unigrams and bigrams (and the whole run) plus its
pinyin, full and initials: 王芳 -> "王 芳 王芳 wangfang wf". An FTS5 table with the
unicode61 tokenizer then splits on the spaces only. A query becomes the same kind of tokens:
- Chinese runs: 1 or 2 characters are one token; longer runs are their bigrams, ANDed;
- Latin letters and digits: a prefix ("wangf", "wf", "330"), so pinyin and codes match;
- ANDed across the words of the query; letters-only words are pinyin typed in syllables
  ("wang fang" = wangfang*), for products also English words (see `match_expression`).

`pinyin_suffixes` (products) also indexes the pinyin of every tail of a run, so pinyin
matches from inside a word the way the bigrams do: 可口可乐 gets "kekoukele kkkl koukele
kkl kele kl le l", and `kele`, `kkl` or `kekou` all find it.

pypinyin takes most of a second to import, so it is loaded on the first name indexed, never
for a query (a query's pinyin is whatever the cashier typed) and never at start-up.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")
LATIN = re.compile(r"[a-z0-9]+")
MIN_LATIN = 1


def fold(text: str) -> str:
    """NFKC (full-width letters and digits become ASCII) and lower case."""
    return unicodedata.normalize("NFKC", text or "").lower()


_READINGS: dict[str, str | None] = {}  # char -> its one toneless reading; None: 多音字


def _reading(char: str) -> str | None:
    """The toneless reading of a character with only one (None for a 多音字, whose reading
    depends on the phrase); "" when pypinyin has none. At most one entry per character."""
    if char not in _READINGS:
        from pypinyin import lazy_pinyin
        from pypinyin.pinyin_dict import pinyin_dict

        if "," in pinyin_dict.get(ord(char), ""):
            _READINGS[char] = None
        else:  # through lazy_pinyin itself, so the spelling (lv, n …) is its own
            _READINGS[char] = "".join(lazy_pinyin(char, errors="ignore"))
    return _READINGS[char]


@lru_cache(maxsize=32_768)
def pinyin_of(run: str) -> tuple[str, ...]:
    """Toneless pinyin, one syllable per character of a CJK run (phrase-aware for 多音字).

    A run of characters with one reading each is read character by character (a dict
    look-up each, ~100× cheaper than pypinyin's phrase segmentation: a first download
    indexes a million member names); only a run holding a 多音字 goes through the phrases.
    Cached per run: catalogs repeat brand and product words on thousands of rows."""
    single = [_reading(char) for char in run]
    if None not in single:
        return tuple(s for s in single if s)
    from pypinyin import lazy_pinyin  # lazy: ~0.8 s to import

    return tuple(s for s in lazy_pinyin(run, errors="ignore") if s)


@lru_cache(maxsize=32_768)
def _run_terms(run: str, pinyin_suffixes: bool) -> tuple[str, ...]:
    """A CJK run's characters, bigrams, the run itself and its pinyin (cached: brand and
    product words repeat across a catalog, and 200k names must index in seconds)."""
    terms = list(run)
    terms.extend(run[i : i + 2] for i in range(len(run) - 1))
    if len(run) > 2:
        terms.append(run)
    syllables = pinyin_of(run)
    for start in range(len(syllables)) if pinyin_suffixes else range(min(1, len(syllables))):
        tail = syllables[start:]
        terms.append("".join(tail))
        terms.append("".join(s[0] for s in tail))
    return tuple(terms)


def name_terms(name: str, pinyin_suffixes: bool = False) -> list[str]:
    """The search terms of a name, deduplicated, in a stable order."""
    if name.isascii():  # English names and SKUs (two of a product's three): no CJK, no NFKC
        return list(dict.fromkeys(LATIN.findall(name.lower())))
    folded = fold(name)
    terms: list[str] = []
    for run in CJK.findall(folded):
        terms.extend(_run_terms(run, pinyin_suffixes))
    terms.extend(LATIN.findall(folded))  # Latin names, pinyin typed as the name, SKUs
    return list(dict.fromkeys(filter(None, terms)))


def match_expression(query: str, words_too: bool = False) -> str | None:
    """An FTS5 MATCH string for a typed query; None when nothing searchable was typed.

    Letters-only words are pinyin typed in syllables ("wang fang" = wangfang*); with
    `words_too` (product names have English) they may also be words: wangfang* OR (wang* AND
    fang*). Without it the string is a plain AND list (members' last-4 filter splits it)."""
    folded = fold(query)
    words = folded.split()
    if re.fullmatch(r"[a-z ]+", folded) and len(words) > 1:
        joined = f'"{"".join(words)}"*'
        if not words_too:
            return joined
        separate = " AND ".join(f'"{w}"*' for w in dict.fromkeys(words))
        return f"{joined} OR ({separate})"
    parts: list[str] = []
    for word in folded.split():
        for run in CJK.findall(word):
            if len(run) <= 2:
                parts.append(f'"{run}"')
            else:
                parts.extend(f'"{run[i : i + 2]}"' for i in range(len(run) - 1))
        for latin in LATIN.findall(word):
            if len(latin) >= MIN_LATIN:
                parts.append(f'"{latin}"*')
    if not parts:
        return None
    return " AND ".join(dict.fromkeys(parts))
