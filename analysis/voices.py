"""Voice attribution: who speaks in each paragraph, mapped to a voice of the codebook.

Rules plus an editable actor lexicon (analysis/actors.toml, extensible by a user TOML file).
Per paragraph the rules find quotations (curly or straight, running over paragraphs, stray marks
tolerated), reporting cues ("X said", "said X", "according to X", "X tweeted:", a trailing dash,
a colon introduction, a transcript label "NAME:") and evaluative verbs whose subject carries a
reported position ("Senator X criticized ..."). The speaker is mapped to a voice by the lexicon,
by memory of titled names in the article ("Rep. Sara Jacobs" ... "Jacobs"), by pronoun
resolution, and by carry-over (introducers, running quotes, official texts). Anything left is
`narration`.

Attribution columns (ATTRIBUTION_COLUMNS), appended to the paragraph table:

| column         | type | meaning                                                          |
|----------------|------|------------------------------------------------------------------|
| `voice`        | str  | codebook voice (administration, congress, foreign, other, narration) |
| `speaker`      | str  | speaker span as written ("" when none)                           |
| `cue`          | str  | reporting cue as written: "said", "according to", "—", ":" ("" when none) |
| `cue_class`    | str  | "neutral", "loaded" or ""                                        |
| `quoted_words` | int  | words inside quotation marks in the paragraph                    |
| `evidence`     | str  | the text span or rule the decision rests on                      |
| `rule`         | str  | which rule decided (one of RULES; "none" for unattributed narration) |
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property, lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from analysis.article import count_words, split_dateline
from analysis.codebook import VOICES
from analysis.errors import InputError
from analysis.paths import ACTORS_FILE, PEOPLE_FILE

ATTRIBUTION_COLUMNS = ("voice", "speaker", "cue", "cue_class", "quoted_words", "evidence", "rule")
# The rule that decided a paragraph (the `rule` column), most specific first.
RULES = ("question_label", "cue", "according", "dash", "colon", "label", "quote_run", "carry_over", "named_quote",
         "after_speaker", "introducer", "lookahead", "official", "briefing_turn", "official_lead", "position", "none")
# The voices a parsed position holder may give a paragraph no pattern attributed. On real news the
# parse finds legislators' collective stands well ("Republicans savaged ..."); the other voices it
# finds are mostly things, tallies or background (measured: MODEL_CARD.md, "Voices").
PARSED_VOICES = frozenset({"congress"})
MAX_ATTRIBUTION_WORDS = 2000  # a longer paragraph is attributed on its first this many words
CUE_CLASSES = ("neutral", "loaded", "")
NARRATION = "narration"
_SECTIONS = ("voices", "weak", "country", "cues", "source")
BRANCHES = ("executive", "legislature", "record")

# ---------------------------------------------------------------------------------------------
# The lexicon


@dataclass(frozen=True)
class Country:
    """One country of the lexicon: its names, and its executive and legislature terms."""

    name: str
    names: tuple[str, ...] = ()
    executive: tuple[str, ...] = ()
    legislature: tuple[str, ...] = ()
    foreign_titles: tuple[str, ...] = ()  # generic titles this country does not use: someone else's
    domains: tuple[str, ...] = ()  # its country-code top-level domains ("hn"): an outlet there is of this country


@dataclass(frozen=True)
class Person:
    """One period in office of a known person (people.toml): who, where, which branch, when."""

    name: str
    country: str
    branch: str  # executive | legislature
    role: str
    start: date
    end: date
    also: tuple[str, ...] = ()


_NAME_BEFORE = re.compile(r"\b[A-Z][a-z]+\.?\s$")  # a capitalised word right before a name
_HONORIFICS = frozenset("Mr Mrs Ms Miss Mx Dr Sir Dame Lord Lady Madam Mister Herr Frau Monsieur Madame Senor Señor "
                        "Senora Señora Shri Smt Sheikh Rabbi Father Reverend Rev Hon Honourable Honorable".split())


@dataclass(frozen=True)
class Match:
    """A lexicon term found in a text: span, voice it gives, country it belongs to, strength."""

    start: int
    end: int
    text: str
    voice: str
    country: str | None = None
    kind: str = "term"  # term | weak | executive | legislature | name


# characters of text whose lexicon matches one process keeps (a few MB with the matches)
MATCH_CACHE_CHARS = 1_000_000


class TextCache:
    """A cache keyed by text that holds at most MATCH_CACHE_CHARS characters of keys, dropping the
    oldest entries first: bounded by what it holds, not by how many entries, because a corpus run
    puts every article's whole body in it (detect_home) next to short spans."""

    def __init__(self, budget: int | None = None) -> None:
        self.budget = MATCH_CACHE_CHARS if budget is None else budget
        self.chars = 0
        self._items: OrderedDict[str, list] = OrderedDict()

    def get(self, text: str) -> list | None:
        """The value stored for text, or None."""
        return self._items.get(text)

    def put(self, text: str, value: list) -> None:
        """Store value for text, dropping the oldest entries beyond the budget (a text longer than
        the whole budget is not stored)."""
        if len(text) > self.budget or text in self._items:
            return
        self._items[text] = value
        self.chars += len(text)
        while self.chars > self.budget:
            old, _ = self._items.popitem(last=False)
            self.chars -= len(old)

    def __len__(self) -> int:
        return len(self._items)


@dataclass(frozen=True)
class ActorLexicon:
    """Actor terms by voice, countries, and reporting cues (form -> class); see actors.toml."""

    voices: dict[str, tuple[str, ...]]
    weak: dict[str, tuple[str, ...]]
    countries: tuple[Country, ...]
    cues: dict[str, str]
    home: str = "United States"
    detect_home: bool = True
    briefing_voice: str = "administration"
    sources: tuple[str, ...] = field(default=())
    issuers: dict[str, tuple[str, str]] = field(default_factory=dict)  # domain or outlet -> (country, branch)
    persons: tuple[Person, ...] = ()

    @cached_property
    def _person_forms(self) -> dict[str, list[Person]]:
        """Name form (full name or an 'also' form) -> the periods of the person(s) it names."""
        out: dict[str, list[Person]] = {}
        for p in self.persons:
            for form in (p.name, *p.also):
                out.setdefault(form, []).append(p)
        return out

    def named_people(self, text: str, when: date | None) -> list[tuple[str, Person, bool]]:
        """(form, period, in office) for the known people text names by a full or distinctive form.

        The period is the one in office at `when` (the latest one without a date), else the
        latest one that ended before it (a former official); a form that names two people is skipped.
        """
        out: list[tuple[str, Person, bool]] = []
        for form, periods in self._person_forms.items():
            if form.split()[0] not in text:
                continue
            starts = [m.start() for m in re.finditer(rf"(?<![\w\-]){re.escape(form)}(?![\w\-])", text)]
            if not any(self._stands_alone(form, text, s) for s in starts):
                continue
            names = {p.name for p in periods}  # the people this form names
            if len(names) != 1:
                continue  # a form that names two people is no evidence
            if " " not in form and any(self._other_first_name(form, next(iter(names)), text, s) for s in starts):
                continue  # "Senator Roy Dutton ... Dutton said": someone else of that surname
            mine = sorted((p for p in self.persons if p.name in names), key=lambda p: p.start)
            current = [mine[-1]] if when is None else [p for p in mine if p.start <= when <= p.end]
            if current:
                out.append((form, current[-1], True))
            elif any(p.end < when for p in mine):
                out.append((form, max((p for p in mine if p.end < when), key=lambda p: p.end), False))
        return out

    def _stands_alone(self, form: str, text: str, start: int) -> bool:
        """Whether a one-word form at start is a name of its own, not the end of someone else's
        ("Bibi" in "Khurshid Bibi"); a title before it ("President", "Sen.") is no first name."""
        before = _NAME_BEFORE.search(text[:start]) if " " not in form else None
        return before is None or bool(self.matches(before.group(0)))

    def _other_first_name(self, form: str, name: str, text: str, start: int) -> bool:
        """Whether the one-word form at start follows a first name that is not the known person's."""
        before = _NAME_BEFORE.search(text[:start])
        if before is None or self.matches(before.group(0)):
            return False
        word = before.group(0).strip().rstrip(".")
        opens = re.search(r"(?:^|[.!?:;”\"]\s*|\n)$", text[:before.start()]) is not None  # "But Dutton said"
        return not opens and word not in name.split() and word not in _HONORIFICS

    def known_people(self, text: str, when: date | None, home: str) -> dict[str, tuple[str, str]]:
        """Surname or alias -> (voice, mention) for the known people named in text, as of date `when`.

        In office at that date: administration or congress for the acting country, foreign for any
        other; out of office after a period: other (a former official). Without a date, the
        person's latest period counts. A person is taken only when the article names them by
        their full name or a listed distinctive form.
        """
        out: dict[str, tuple[str, str]] = {}
        for form, p, in_office in self.named_people(text, when):
            if in_office:
                voice = ("administration" if p.branch == "executive" else "congress") if p.country == home else "foreign"
                mention = f"{p.name}, {p.role} ({p.country}, {p.start.year}-{'' if p.end.year >= 2099 else p.end.year})"
            else:
                voice, mention = "other", f"{p.name}, former {p.role} ({p.country}, until {p.end.year})"
            out[surname(form)] = (voice, mention)
            out.setdefault(surname(p.name), (voice, mention))
        return out

    @cached_property
    def _term_patterns(self) -> list[tuple[str, re.Pattern, str, str | None, str]]:
        """(anchor, pattern, voice, country, kind) for every term, longest terms first.

        The anchor is a lower-case literal every match contains ('' for re: terms), so a cheap
        substring test spares most regex scans.
        """
        entries: list[tuple[str, str, str | None, str]] = []
        for voice, terms in self.voices.items():
            entries += [(t, voice, None, "term") for t in terms]
        for voice, terms in self.weak.items():
            entries += [(t, voice, None, "weak") for t in terms]
        for c in self.countries:
            entries += [(t, "administration", c.name, "executive") for t in c.executive]
            entries += [(t, "congress", c.name, "legislature") for t in c.legislature]
            entries += [(t, "", c.name, "name") for t in c.names]
        entries.sort(key=lambda e: -len(e[0]))
        # a term several countries list ("National Assembly", the "the House" pattern) is tried once: its
        # first entry takes every place it matches, and term_countries() gives all its owners
        unique: list[tuple[str, str, str | None, str]] = []
        seen: set[tuple[str, str, str]] = set()
        for term, voice, country, kind in entries:
            if (term, voice, kind) not in seen:
                seen.add((term, voice, kind))
                unique.append((term, voice, country, kind))
        entries = unique
        return [("" if t.startswith("re:") else t.split()[0].lower(),
                 _compile_term(t, proper=c is not None and t.lower() in _ORDINARY_WORDS), v, c, k)
                for t, v, c, k in entries]

    @cached_property
    def _term_index(self) -> tuple[dict[str, list[int]], dict[str, list[int]], list[int]]:
        """Which of _term_patterns a text can match, found from its words rather than by trying all
        of them: (whole first word -> term indices, other anchor -> term indices, regex terms).

        A term whose first word is all letters and digits (and that does not end in a hyphen)
        matches only where that word stands whole, so a set of the text's words finds it; an anchor
        with punctuation ('sen.', 'u.s.') is looked up as a substring; re: terms are always tried.
        """
        by_word: dict[str, list[int]] = {}
        by_substring: dict[str, list[int]] = {}
        always: list[int] = []
        for i, (anchor, pattern, *_) in enumerate(self._term_patterns):
            if not anchor:
                always.append(i)
            elif re.fullmatch(r"\w+", anchor) and not pattern.pattern.endswith("-"):
                by_word.setdefault(anchor, []).append(i)
            else:
                by_substring.setdefault(anchor, []).append(i)
        return by_word, by_substring, always

    @cached_property
    def cue_pattern(self) -> re.Pattern:
        """One regex matching any cue form as a whole word, longest first."""
        forms = sorted(self.cues, key=len, reverse=True)
        body = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
        return re.compile(rf"(?<![\w\-’'])(?:{body})(?![\w\-])", re.IGNORECASE)

    @cached_property
    def _match_cache(self) -> TextCache:
        """Matches already found, by text: one article's rules ask about the same paragraph many times."""
        return TextCache()

    def matches(self, text: str) -> list[Match]:
        """All non-overlapping lexicon matches in text, longest first at each place, in text order."""
        cached = self._match_cache.get(text)
        if cached is not None:
            return list(cached)
        lowered = text.lower()
        aligned = len(lowered) == len(text)  # a few characters change length when lower-cased
        # a term whose first word is all letters and digits matches only where that word stands
        # whole: a set lookup, not a scan of a long context per term
        by_word, by_substring, always = self._term_index
        candidates = set(always)
        for word in set(re.findall(r"\w+", lowered)):
            candidates.update(by_word.get(word, ()))
        for anchor, indices in by_substring.items():
            if anchor in lowered:
                candidates.update(indices)
        taken = [False] * len(text)
        found: list[Match] = []
        for i in sorted(candidates):  # the order of _term_patterns: longest terms first
            anchor, pattern, voice, country, kind = self._term_patterns[i]
            for m in (_anchored(pattern, text, lowered, anchor) if anchor and aligned else pattern.finditer(text)):
                if any(taken[m.start():m.end()]):
                    continue
                if kind == "name" and lowered.endswith(("ethnic ", "ethnic-"), max(0, m.start() - 7), m.start()):
                    continue  # "the ethnic Albanian party": a people, not the country
                taken[m.start():m.end()] = [True] * (m.end() - m.start())
                found.append(Match(m.start(), m.end(), m.group(0), voice, country, kind))
        found.sort(key=lambda x: x.start)
        self._match_cache.put(text, found)
        return list(found)

    @cached_property
    def _foreign_titles(self) -> dict[str, list[re.Pattern]]:
        """Country -> compiled foreign_titles patterns."""
        return {c.name: [_compile_term(t) for t in c.foreign_titles] for c in self.countries}

    def foreign_title(self, home: str, term: str) -> bool:
        """True if term is a title the home country does not use ('Foreign Minister' in a U.S. story)."""
        return any(p.search(term) for p in self._foreign_titles.get(home, ()))

    @cached_property
    def _country_terms(self) -> dict[tuple[str, str], frozenset[str]]:
        """(country, kind) -> its executive or legislature terms, lower-cased."""
        out = {}
        for c in self.countries:
            # re: terms keep their case: they are case-sensitive patterns
            out[(c.name, "executive")] = frozenset(t if t.startswith("re:") else t.lower() for t in c.executive)
            out[(c.name, "legislature")] = frozenset(t if t.startswith("re:") else t.lower() for t in c.legislature)
        return out

    @cached_property
    def _term_owners(self) -> dict[tuple[str, str], list[str]]:
        """(kind, lower-cased plain term) -> the countries that list it, in lexicon order."""
        out: dict[tuple[str, str], list[str]] = {}
        for (country, kind), terms in self._country_terms.items():
            for t in terms:
                if not t.startswith("re:"):
                    out.setdefault((kind, t), []).append(country)
        return out

    @cached_property
    def _pattern_owners(self) -> dict[str, list[tuple[str, re.Pattern]]]:
        """kind -> (country, compiled pattern) of the re: terms, in lexicon order."""
        out: dict[str, list[tuple[str, re.Pattern]]] = {}
        for (country, kind), terms in self._country_terms.items():
            out.setdefault(kind, []).extend((country, re.compile(t[3:])) for t in sorted(terms) if t.startswith("re:"))
        return out

    def term_countries(self, kind: str, text: str) -> list[str]:
        """The countries whose `kind` ('executive', 'legislature') terms include this matched text,
        plain terms or patterns ('the House' is several parliaments' chamber)."""
        owners = list(self._term_owners.get((kind, re.sub(r"\s+", " ", text.lower())), ()))
        for country, pattern in self._pattern_owners.get(kind, ()):
            if country not in owners and pattern.fullmatch(text):
                owners.append(country)
        return owners

    @cached_property
    def _domain_countries(self) -> dict[str, str]:
        """Country-code top-level domain -> its country."""
        return {d: c.name for c in self.countries for d in c.domains}

    def outlet_country(self, url: str | None) -> str | None:
        """The country of an outlet whose host is under that country's code domain ('diario.com.hn' -> Honduras)."""
        host = _host(url)
        return self._domain_countries.get(host.rsplit(".", 1)[-1]) if "." in host else None

    def names_only(self, country: str) -> bool:
        """True if the lexicon knows this country by its names alone, none of its institutions."""
        return not (self._country_terms.get((country, "executive")) or self._country_terms.get((country, "legislature")))

    def has_term(self, country: str, kind: str, text: str) -> bool:
        """True if country lists text among its executive/legislature terms ('Conservative' in Canada and the UK)."""
        terms = self._country_terms.get((country, kind), frozenset())
        return re.sub(r"\s+", " ", text.lower()) in terms or any(
            t.startswith("re:") and re.fullmatch(t[3:], text) for t in terms)

    def cue_class(self, cue: str) -> str:
        """'neutral' or 'loaded' for a cue form (case and spacing ignored); '' if unknown."""
        return self.cues.get(re.sub(r"\s+", " ", cue.lower()), "")

    def issuer(self, url: str | None, outlet: str | None) -> tuple[str, str, str] | None:
        """(country, branch, key) of the [source] entry for an article's web domain or outlet; None if unlisted.

        A domain key matches the URL's host and its subdomains ("defense.gov" matches
        "www.defense.gov"); the longest matching domain wins. Any other key matches the outlet
        name as whole words, case-insensitively, and belongs to the country of the URL's country-code
        domain when it has one.
        """
        host = _host(url)
        domains = [k for k in self.issuers if "." in k and (host == k or host.endswith("." + k))]
        if domains:
            key = max(domains, key=len)
            return (*self.issuers[key], key)
        if outlet:
            for key, value in self.issuers.items():
                if "." not in key and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", outlet, re.IGNORECASE):
                    # an outlet word several parliaments use ("Hansard") on another country's domain is that country's
                    return (self.outlet_country(url) or value[0], value[1], key)
        return None


def _host(url: str | None) -> str:
    """The lower-case host of a URL ('' if none): 'https://www.defense.gov/x' -> 'www.defense.gov'."""
    if not url:
        return ""
    m = re.match(r"^(?:[a-z][\w+.\-]*:)?//([^/?#:]+)", url.strip(), re.IGNORECASE)
    return (m.group(1) if m else url.strip().split("/")[0]).lower().rstrip(".")


def _anchored(pattern: re.Pattern, text: str, lowered: str, anchor: str) -> Iterator[re.Match]:
    """The matches of a term's pattern, tried only where its first word occurs: a term's match
    starts with that word, and scanning a long context once per term was most of the rules' time."""
    at = lowered.find(anchor)
    while at >= 0:
        m = pattern.match(text, at)
        if m:
            yield m
            at = lowered.find(anchor, max(m.end(), at + 1))
        else:
            at = lowered.find(anchor, at + 1)


# Party names that are also ordinary words: a country's term matches them only capitalised
# ("the Conservative deputy", not "the conservative Les Républicains deputy").
_ORDINARY_WORDS = frozenset("conservative conservatives liberal liberals socialist socialists renaissance "
                            "ecologists greens labour independent independents reform progress".split())


def _compile_term(term: str, proper: bool = False) -> re.Pattern:
    """Whole-word regex of one lexicon term (see the matching rules in actors.toml); proper: the
    term matches only with its capital."""
    if term.startswith("re:"):
        return re.compile(term[3:])
    body = re.escape(term).replace(r"\ ", r"\s+")
    if proper and term[0].isupper():
        body = f"(?-i:{body[0]}){body[1:]}"
    acronym = len(term) <= 5 and any(ch.isupper() for ch in term[1:])
    flags = 0 if acronym else re.IGNORECASE
    left = r"(?<![\w\-])" if term[0].isalnum() else ""
    # a hyphen may follow a term: "militia-affiliated", "Houthi-run", "Iran-backed"
    right = r"(?!\w)" if not term.endswith("-") else ""
    return re.compile(left + body + right, flags)


def _verb_forms(entry: str) -> list[str]:
    """Surface forms of one cue entry: 'a/b/c' as listed, else the lemma and its regular forms."""
    entry = entry.strip().lower()
    if "/" in entry:
        return [f.strip() for f in entry.split("/") if f.strip()]
    words = entry.split()
    head, rest = words[0], (" " + " ".join(words[1:])) if len(words) > 1 else ""
    if " " in entry and head in ("according",):
        return [entry]
    if head.endswith("e"):
        forms = [head, head + "s", head + "d", head[:-1] + "ing"]
    elif head.endswith("y") and head[-2:-1] not in "aeiou":
        forms = [head, head[:-1] + "ies", head[:-1] + "ied", head + "ing"]
    elif head.endswith(("s", "sh", "ch", "x", "z")):
        forms = [head, head + "es", head + "ed", head + "ing"]
    else:
        forms = [head, head + "s", head + "ed", head + "ing"]
    return [f + rest for f in forms]


def _as_list(value: object, where: str, path: str) -> tuple[str, ...]:
    """A TOML value that must be a list of non-empty strings."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InputError(path, f"{where} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _nested_repeat(pattern: str) -> bool:
    """Whether a regex repeats something that itself repeats ('(a+)+', '(\\w*)*') or repeats a
    choice between alternatives ('(a|aa)+'): the shapes that backtrack exponentially and can hang a
    run on one paragraph."""
    import re._parser as sre_parse  # the standard library's own regex parser

    repeats = {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, getattr(sre_parse, "POSSESSIVE_REPEAT", None)}

    def walk(items, inside: bool) -> bool:
        for op, arg in items:
            if op in repeats:
                low, high, sub = arg
                unbounded = high == sre_parse.MAXREPEAT or high > 1
                if unbounded and inside:
                    return True
                if walk(sub, inside or unbounded):
                    return True
            elif op == sre_parse.SUBPATTERN:
                if walk(arg[-1], inside):
                    return True
            elif op == sre_parse.BRANCH:
                if inside and len(arg[1]) > 1:
                    return True  # alternatives that can match the same text multiply the ways to split it
                if any(walk(branch, inside) for branch in arg[1]):
                    return True
            elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
                if walk(arg[1], inside):
                    return True
        return False

    return walk(sre_parse.parse(pattern), False)


def _check_regexes(terms: Sequence[str], path: str) -> None:
    """Refuse a 're:' term that is not a valid regular expression, or that nests repetitions."""
    for t in terms:
        if t.startswith("re:"):
            try:
                re.compile(t[3:])
            except re.error as exc:
                raise InputError(path, f"bad regular expression {t!r}: {exc}") from None
            if _nested_repeat(t[3:]):
                raise InputError(path, f"regular expression {t!r} repeats a repetition or a choice (like '(a+)+' "
                                       "or '(a|aa)+'), which can take exponential time; rewrite it without the nesting")


def _person(entry: dict, where: str, path: str) -> tuple[Person, str]:
    """One [[person]] table checked: name, country, branch, role, from, to (TOML dates), optional also."""
    need = {"name", "country", "branch", "role", "from", "to"}
    missing, extra = sorted(need - set(entry)), sorted(set(entry) - need - {"also"})
    if missing or extra:
        raise InputError(path, f"{where}: " + (f"missing key(s) {', '.join(missing)}" if missing else f"unknown key(s) {', '.join(extra)}"))
    if entry["branch"] not in ("executive", "legislature"):
        raise InputError(path, f"{where} {entry['name']!r}: branch must be executive or legislature")
    start, end = (d.date() if isinstance(d, datetime) else d for d in (entry["from"], entry["to"]))
    if not isinstance(start, date) or not isinstance(end, date) or start > end:
        raise InputError(path, f"{where} {entry['name']!r}: from and to must be dates (YYYY-MM-DD), from before to")
    for key in ("name", "country", "role"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            raise InputError(path, f"{where}: {key} must be a non-empty string")
    also = _as_list(entry.get("also", []), f"{where} also", path)
    return Person(entry["name"].strip(), entry["country"].strip(), entry["branch"], entry["role"].strip(),
                  start, end, also), path


def _read_toml(path: Path) -> dict:
    """Parse one lexicon file; a missing or unparseable file is an InputError naming it."""
    if not path.exists():
        raise InputError(path, "no such actor lexicon file")
    if path.is_dir():
        raise InputError(path, "is a directory, not an actor lexicon file")
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, f"not valid TOML ({exc})") from None
    except UnicodeDecodeError:
        raise InputError(path, "not UTF-8 text") from None
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror})") from None


def _merge(base: dict, raw: dict, path: str) -> dict:
    """Extend (or, per [replace], replace) the parsed lexicon `base` by the raw TOML of one file."""
    known = {"home", "detect_home", "briefing_voice", "replace", "person", *_SECTIONS}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise InputError(path, f"unknown key(s) {', '.join(unknown)} (valid: {', '.join(sorted(known))})")
    replace = raw.get("replace", {})
    if not isinstance(replace, dict) or not all(isinstance(v, bool) for v in replace.values()):
        raise InputError(path, "[replace] must map section names to true/false")
    bad = sorted(set(replace) - set(_SECTIONS))
    if bad:
        raise InputError(path, f"[replace] has unknown section(s) {', '.join(bad)}")
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in base.items()}
    for key in ("voices", "weak"):
        if replace.get(key):
            out[key] = {}
        section = raw.get(key, {})
        if not isinstance(section, dict):
            raise InputError(path, f"[{key}] must be a table of voice = [terms]")
        for voice, terms in section.items():
            if voice not in VOICES:
                raise InputError(path, f"[{key}] unknown voice {voice!r} (valid: {', '.join(VOICES)})")
            terms = _as_list(terms, f"[{key}] {voice}", path)
            _check_regexes(terms, path)
            out[key][voice] = tuple(out[key].get(voice, ())) + terms
    if replace.get("country"):
        out["country"] = {}
    countries = raw.get("country", {})
    if not isinstance(countries, dict):
        raise InputError(path, "[country.NAME] tables expected")
    for name, table in countries.items():
        if not isinstance(table, dict):
            raise InputError(path, f"[country.{name}] must be a table")
        keys = ("names", "executive", "legislature", "foreign_titles", "domains")
        extra = sorted(set(table) - set(keys))
        if extra:
            raise InputError(path, f"[country.{name}] unknown key(s) {', '.join(extra)} (valid: {', '.join(keys)})")
        old = out["country"].get(name, Country(name))
        parts = {k: _as_list(table.get(k, []), f"[country.{name}] {k}", path) for k in keys}
        for terms in parts.values():
            _check_regexes(terms, path)
        bad = [d for d in parts["domains"] if not re.fullmatch(r"[a-z]{2}", d)]
        if bad:
            raise InputError(path, f"[country.{name}] domains: {bad[0]!r} is not a two-letter country-code domain ('hn', 'uk')")
        out["country"][name] = Country(name, *(getattr(old, k) + parts[k] for k in keys))
    if replace.get("source"):
        out["source"] = {}
    source = raw.get("source", {})
    if not isinstance(source, dict):
        raise InputError(path, '[source] must map domains or outlets to {country = "...", branch = "..."}')
    for key, entry in source.items():
        where = f"[source] {key!r}"
        if not isinstance(entry, dict) or set(entry) != {"country", "branch"}:
            raise InputError(path, f'{where} must be {{country = "NAME", branch = "{"|".join(BRANCHES)}"}}')
        if entry["branch"] not in BRANCHES:
            raise InputError(path, f"{where}: unknown branch {entry['branch']!r} (valid: {', '.join(BRANCHES)})")
        if not isinstance(entry["country"], str) or not key.strip():
            raise InputError(path, f"{where}: country must be a country name")
        out["source"][key.strip().lower()] = (entry["country"], entry["branch"], path)
    persons = raw.get("person", [])
    if not isinstance(persons, list) or not all(isinstance(p, dict) for p in persons):
        raise InputError(path, "[[person]] entries expected")
    for k, entry in enumerate(persons, 1):
        out["person"] = tuple(out.get("person", ())) + (_person(entry, f"[[person]] #{k}", path),)
    if replace.get("cues"):
        out["cues"] = {}
    cues = raw.get("cues", {})
    if not isinstance(cues, dict):
        raise InputError(path, "[cues] must be a table with neutral = [...] and loaded = [...]")
    for cls, entries in cues.items():
        if cls not in ("neutral", "loaded"):
            raise InputError(path, f"[cues] unknown class {cls!r} (valid: neutral, loaded)")
        for entry in _as_list(entries, f"[cues] {cls}", path):
            for form in _verb_forms(entry):
                out["cues"][re.sub(r"\s+", " ", form)] = cls
    if "home" in raw:
        if not isinstance(raw["home"], str) or not raw["home"].strip():
            raise InputError(path, "home must be a country name")
        out["home"] = raw["home"].strip()
    if "detect_home" in raw:
        if not isinstance(raw["detect_home"], bool):
            raise InputError(path, "detect_home must be true or false")
        out["detect_home"] = raw["detect_home"]
    if "briefing_voice" in raw:
        if raw["briefing_voice"] not in VOICES:
            raise InputError(path, f"unknown voice {raw['briefing_voice']!r} for briefing_voice (valid: {', '.join(VOICES)})")
        out["briefing_voice"] = raw["briefing_voice"]
    out["sources"] = tuple(out.get("sources", ())) + (path,)
    return out


@lru_cache(maxsize=16)
def _load_cached(paths: tuple[str, ...]) -> ActorLexicon:
    """Packaged lexicon extended by each file in paths, in order (cached: lexicons are immutable)."""
    state: dict = {"voices": {}, "weak": {}, "country": {}, "cues": {}, "home": "United States",
                   "detect_home": True, "briefing_voice": "administration", "sources": (), "source": {}, "person": ()}
    for p in (str(ACTORS_FILE), str(PEOPLE_FILE), *paths):
        state = _merge(state, _read_toml(Path(p)), p)
    if state["home"] not in state["country"]:
        raise InputError(state["sources"][-1], f"home country {state['home']!r} has no [country.\"{state['home']}\"] table")
    for person, where in state["person"]:
        if person.country not in state["country"]:
            raise InputError(where, f"[[person]] {person.name!r}: unknown country {person.country!r} (no [country.\"{person.country}\"] table)")
    owners: dict[str, str] = {}
    for country in state["country"].values():
        for d in country.domains:
            if owners.setdefault(d, country.name) != country.name:
                raise InputError(state["sources"][-1], f"domain {d!r} is listed for both {owners[d]} and {country.name}")
    for key, (country, _, where) in state["source"].items():
        if country not in state["country"]:
            raise InputError(where, f"[source] {key!r}: unknown country {country!r} (no [country.\"{country}\"] table)")
    return ActorLexicon(
        voices=state["voices"], weak=state["weak"], countries=tuple(state["country"].values()), cues=state["cues"],
        home=state["home"], detect_home=state["detect_home"], briefing_voice=state["briefing_voice"],
        sources=state["sources"], issuers={k: (c, b) for k, (c, b, _) in state["source"].items()},
        persons=tuple(p for p, _ in state["person"]),
    )


def load_lexicon(path: str | Path | None = None) -> ActorLexicon:
    """The packaged actors.toml, extended/overridden by the user TOML file at path (same format)."""
    return _load_cached(() if path is None else (str(path),))


# ---------------------------------------------------------------------------------------------
# Quotations

_OPEN = "“„«"
_CLOSE = "”»"
_STRAIGHT = '"'
_QUOTE_CHARS = _OPEN + _CLOSE + _STRAIGHT + "‘’"


@dataclass(frozen=True)
class Quotes:
    """Quotation spans of one paragraph (content offsets) and how it relates to its neighbours."""

    spans: tuple[tuple[int, int], ...]
    continues: bool  # the paragraph continues a quotation opened in an earlier paragraph
    open_at_end: bool  # a quotation is still open when the paragraph ends

    def words(self, text: str) -> int:
        """Words inside the quotation spans."""
        return sum(count_words(text[a:b]) for a, b in self.spans)

    def covers(self, text: str) -> float:
        """Share of the paragraph's words that are quoted."""
        total = count_words(text)
        return self.words(text) / total if total else 0.0


def scan_quotes(paragraphs: Sequence[str]) -> list[Quotes]:
    """Quotation spans per paragraph; a quote left open runs on only if the next paragraph opens with a mark."""
    out: list[Quotes] = []
    carried = False
    for text in paragraphs:
        stripped = text.lstrip()
        lead = len(text) - len(stripped)
        if "‘" in text and not any(ch in text for ch in _QUOTE_CHARS[:-2]):
            # British style: quotations in single marks; the closing mark doubles as the apostrophe
            quotes = _single_quotes(text, lead, carried and stripped[:1] == "‘")
            out.append(quotes)
            carried = quotes.open_at_end
            continue
        continues = carried and stripped[:1] in _OPEN + _STRAIGHT
        spans: list[tuple[int, int]] = []
        start: int | None = None
        i = lead
        if continues:
            start, i = lead + 1, lead + 1
        while i < len(text):
            ch = text[i]
            if ch in _OPEN:
                if start is None:
                    start = i + 1
                # an opening mark inside an open quote: the earlier one was never closed; keep going
            elif ch in _CLOSE:
                if start is not None:
                    spans.append((start, i))
                    start = None
                # a closing mark with nothing open is stray: ignored
            elif ch == _STRAIGHT:
                if start is None:
                    start = i + 1
                else:
                    spans.append((start, i))
                    start = None
            i += 1
        open_at_end = start is not None
        if open_at_end:
            spans.append((start, len(text)))
        out.append(Quotes(tuple((a, b) for a, b in spans if b > a), continues, open_at_end))
        carried = open_at_end
    return out


def _single_quotes(text: str, lead: int, continues: bool) -> Quotes:
    """Quotation spans of a paragraph quoting in single marks (‘...’): a ’ closes the quotation
    only where it cannot be an apostrophe (don’t) or a plural possessive (the soldiers’ rules)."""
    spans: list[tuple[int, int]] = []
    start: int | None = lead + 1 if continues else None
    for i in range(lead + 1 if continues else lead, len(text)):
        ch = text[i]
        if ch == "‘" and start is None:
            start = i + 1
        elif ch == "’" and start is not None:
            after = text[i + 1:i + 2]
            before = text[i - 1:i]
            if after.isalnum() or (after.isspace() and before == "s" and text[i + 2:i + 3].islower()):
                continue
            spans.append((start, i))
            start = None
    open_at_end = start is not None
    if open_at_end:
        spans.append((start, len(text)))
    return Quotes(tuple((a, b) for a, b in spans if b > a), continues, open_at_end)


def mask_quotes(text: str, quotes: Quotes) -> str:
    """The text with quoted content and quotation marks replaced by '▮' (same length, offsets kept)."""
    chars = list(text)
    for a, b in quotes.spans:
        for k in range(max(a - 1, 0), min(b + 1, len(text))):
            if k < a and chars[k] not in _QUOTE_CHARS:
                continue
            if k >= b and chars[k] not in _QUOTE_CHARS:
                continue
            chars[k] = "▮"
    return "".join(chars)


# ---------------------------------------------------------------------------------------------
# Sentences, subjects and names

_ABBREV = (
    "Sen|Sens|Rep|Reps|Gen|Lt|Col|Maj|Brig|Capt|Cmdr|Cdr|Cdre|Cpl|Insp|Supt|Adm|Sgt|Gov|Dr|Mr|Mrs|Ms|Prof|St|Jr|Sr|No|Hon|Rt|Amb|"
    "Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|Inc|Co|Corp|Ltd|Ft|Mt|Sec|Vol|vs|Res|Fla|Ariz|Calif|"
    "Conn|Mich|Minn|Okla|Ore|Tenn|Wash|Mass|Colo|Ind|Ill|Ky|Va|Md|Del|Vt|Pa|Wis|Ga|Ala|Miss|Mo|La|Nev|"
    "Neb|Kan|Ark|Tex|Ida|Mont|Wyo|Dak|Del|Fla|Penn"
)
_ABBREVS = frozenset(_ABBREV.lower().split("|"))
_SENT_END = re.compile(r"[.!?]+[”\"’'▮)]*\s+(?=[“\"‘'▮(]?[A-Z0-9▮])")
_PRONOUNS = {"he": "person", "she": "person", "they": "group", "it": "body", "we": "group", "i": "person",
             "his": "person", "her": "person", "its": "body", "their": "group"}
_AUX = re.compile(
    r"(?:\s+(?:also|quickly|later|again|then|separately|previously|immediately|publicly|privately|repeatedly|"
    r"has|have|had|would|will|could|did|does|do|is|are|was|were|already|swiftly|sharply|angrily|openly|initially|"
    r"earlier|subsequently|promptly|strongly|further|too|meanwhile|instead|likewise|similarly|now|"
    r"only|first|finally|bluntly|flatly|firmly|simply|just|still|long|not|never|recently|once|"
    r"[’']s|[’']re|on\s+\w+day|this\s+(?:week|morning|afternoon|evening)|last\s+(?:week|month|night)|today|tonight|yesterday))+\s*$",
    re.IGNORECASE,
)
_PASSIVE = re.compile(r"(?:\b(?:was|were|is|are|be|been|being|get|gets|got)|[’']s)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_BOUNDARY_WORDS = re.compile(
    r"^.*?(?:\b(?:that|which|what|because|while|whereas|although|though|if|when|after|before|since|where|but|so|as)\s+|[;:]\s*|▮+[,.]?\s*)",
    re.IGNORECASE,
)
_APPOSITIVE = re.compile(
    r"^\s*(?:a|an|the|who|whose|which|its|his|her|their|our|one|both|each|now|also|then|and|R-|D-|I-|\d|"
    r"[a-z])", re.UNICODE
)
_TAG = re.compile(r"^\s*[RDI]-[A-Z]")
_LABEL = re.compile(r"^(?P<label>(?:[A-ZÀ-ÞĀ-Ž][A-ZÀ-ÞĀ-Ž.’'\-]*,?\s+){0,8}[A-ZÀ-ÞĀ-Ž][A-ZÀ-ÞĀ-Ž.’'\-]*|Q|A)\s*:\s+(?=\S)")  # "MICHAL ADLER, HOST:"
# a mixed-case label opens with a title ("Gen. Nicholson:", "Representative DENNIS KUCINICH (Democrat, Ohio):")
# or ends with a party/constituency parenthesis ("Mr ABBOTT (Warringah—Prime Minister):")
_TITLED_LABEL = re.compile(
    r"^(?P<label>(?:(?:Gen|Lt|Maj|Adm|Col|Capt|Sen|Rep|Gov|Mr|Mrs|Ms|Dr|Prof|(?:Rt\.?\s+)?Hon|H\.\s?E)\.?|Samdech|Representative|Senator|Congressman|"
    r"Congresswoman|Secretary|Minister|(?:Vice[\s-]|Deputy\s)?President|(?:Deputy\s)?Speaker|Chairman|Chairwoman|Senior|General|"
    r"Admiral|Ambassador|Marshal|Deputy)"
    r"(?:\s+[A-ZÀ-ÞĀ-Ž][\w.’'\-]*){1,5}(?:\s*\([^()]{2,120}\))?"
    # "H.E. General X, Deputy Prime Minister, Minister of National Defence:": offices after the name
    r"(?:,\s+[A-Z][\w.’'\-]*(?:\s+(?:of|for|and|the|[A-Z][\w.’'\-]*)){0,6}){0,2}|"
    # an office with "of" before the name: "Minister of National Defence Tomasz Wrzesiński:", "Secretary of
    # State in the Ministry of National Defence Ewa Kordecka:", "Marshal of the Sejm Henryk Walasek:"
    r"(?:Minister|Secretary|Marshal|(?:Deputy\s)?Speaker|President|Chairman|Chairwoman)\s+of"
    r"(?:\s+(?:of|for|and|the|in|[A-ZÀ-ÞĀ-Ž][\w.’'\-]*)){1,10}?(?:\s+[A-ZÀ-ÞĀ-Ž][\w’'\-]+){2}|"
    # a chair's bare title: "Marshal:", "Deputy Marshal:", "Speaker:"
    r"(?:(?:Deputy|Vice)[\s-])?(?:Marshal|Speaker)|"
    # the chair of a sitting: "The Speaker:", "The Acting Speaker (Mr. X):"
    r"The\s+(?:(?:Acting|Deputy|Assistant\s+Deputy|ACTING|DEPUTY)\s+)?(?:Speaker|Chair|chair|Chairman|Chairwoman|President|SPEAKER|CHAIR|"
    r"CHAIRMAN|CHAIRWOMAN|PRESIDENT)(?:\s+of\s+the\s+(?:National\s+)?(?:Assembly|Chamber|Senate|House|Council))?(?:\s*\([^()]{2,80}\))?|"
    # "Zhaksylykov M.S., Minister of Internal Affairs:", "Seitkali A.K. (OSDP faction):": the surname before its initials
    r"[A-ZÀ-ÞĀ-Ž][\w’'\-]+\s+(?:[A-ZÀ-ÞĀ-Ž]\.){1,3}(?:,\s+[A-Z][\w’'\-]*(?:\s+(?:of|for|and|the|[A-Z][\w’'\-]*)){0,6}|\s*\([^()]{1,80}\))?|"
    # the Dáil's chair: "An Ceann Comhairle:", "An Leas-Cheann Comhairle:"; the Dewan Rakyat's: "Tuan Yang di-Pertua:"
    r"An\s+(?:Leas-)?C(?:h)?eann\s+Comhairle|(?:Tuan\s+|Puan\s+|Timbalan\s+)?Yang\s+di-Pertua|"
    # an office with the holder in brackets: "Menteri Pertahanan [Dato' Seri X]:"
    r"[A-Z][\w’'\-]*(?:\s+[A-Za-z][\w’'\-]*){0,5}\s*\[[^\[\]]{2,80}\]|"
    # "Jörg Hallenberg, Federal Minister of Defence:", "Koen Demeulenaere, minister:"
    r"[A-ZÀ-ÞĀ-Ž][\w’'\-]+(?:\s+[A-ZÀ-ÞĀ-Ž][\w’'\-]+){1,3},\s+(?:[A-Z][\w.’'\-]*|minister|secretary\s+of\s+state)"
    r"(?:\s+(?:of|for|and|the|[A-Z][\w.’'\-]*)){0,6}|"
    # "Ms. Puigventós i Serra (Republican Group):", "The Minister of National Defence (Andrzej Wołosz):"
    # "THE MINISTER FOR HOME AFFAIRS, SECURITY AND JUSTICE (Hon. X):": an office with commas before the holder
    r"[A-ZÀ-ÞĀ-Ž][\w.’'\-]*(?:,?\s+(?:of|for|and|the|i|y|de|del|van|von|da|[A-ZÀ-ÞĀ-Ž][\w.’'\-]*)){0,10}\s*\([^()]{1,80}\)"
    r"(?:\s*\([^()]{2,40}\))?)"  # "Jane Roe (Wessex Downs) (Con):": constituency, then party
    # "NAME (SD), explanation of vote:": a note on the turn after the label
    r"(?:,\s+[a-z][a-z ]{2,30})?(?:\s*\(\d{1,2}[:.]\d{2}\))?\s*:\s+(?=\S)")
# the chair of a sitting ("The Speaker (Ms. Veldhuis)", "Deputy Marshal (Ms. Ewa Sobczyk)", "The PRESIDENT
# (Ms. Arrieta)", "Mr SPEAKER"): procedure, not a position. A bare "THE PRESIDENT" is a head of state, and
# "President Helga Marquardt" is the chair only inside a record (_CHAIR).
_PRESIDING = re.compile(
    r"(?i)^(?:the\s+|mr\.?\s+|madam\s+)?(?:(?:deputy|acting|vice)[\s-]+)?(?:speaker|marshal|presiding\s+officer)(?:\s*\([^()]+\))?$"
    r"|^(?i:an\s+(?:leas-)?c(?:h)?eann\s+comhairle|(?:tuan\s+|puan\s+|timbalan\s+)?yang\s+di-pertua)$"
    r"|^(?i:the\s+)?(?i:(?:deputy|vice)[\s-]+)?(?i:president|speaker|chair(?:man|woman)?)\s+of\s+the\s+(?i:(?:national\s+)?(?:assembly|chamber|senate|house|council))$"
    # "Deputy Speaker Milan Kubíček": the chair by title and name
    r"|^(?i:(?:deputy|vice)[\s-]+)?(?i:speaker)\s+[A-ZÀ-ÞĀ-Ž][\w’'\-]+(?:\s+[A-ZÀ-ÞĀ-Ž][\w’'\-]+){0,3}$"
    r"|^(?i:the\s+)?(?:(?i:deputy|acting|vice)[\s-]+)?(?i:president)\s*\((?:Mr|Mrs|Ms|Madam|Mme)\.?\s[^()]+\)$"
    # "The Chair (A. Petrauskas, LSDPF)": a sitting's chair by office and holder (a hearing's is its "Chairman")
    r"|^(?i:the\s+)?(?:(?i:deputy|acting|vice)[\s-]+)?(?i:chair)\s*\([^()]+\)$"
    # "Mr. X (Vice-President of the Parliament)": the holder, then the chair's office
    r"|^[^()]+\((?i:(?:deputy|vice)[\s-]+)?(?i:president|speaker|chair(?:man|woman|person)?)\s+of\s+the\s+"
    r"(?i:parliament|(?:national\s+)?assembly|chamber|senate|house)[^()]*\)$"
    # "Marshal of the Sejm Henryk Walasek", "Speaker of the House Jane Roe"
    r"|^(?i:(?:deputy|vice)[\s-]+)?(?i:marshal|speaker)\s+of\s+the\s+[A-Z][\w’'\-]*(?:\s+[A-ZÀ-ÞĀ-Ž][\w’'\-]+){0,4}$")
# (with its holder in brackets too: "THE PRESIDENT (Mojca Novak)")
_CHAIR = re.compile(r"^(?i:the\s+)?(?:(?i:deputy|acting|vice)[\s-]+)?(?i:president|chair|chairman|chairwoman)"
                    r"(?:\s+(?!of\b)[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){0,3})?(?:\s*\([^()]+\))?$")
# a chair running the sitting: order, the floor, the roll, the result
_TO_ORDER_TEXT = r"(?:will|shall)\s+(?:now\s+)?come\s+to\s+order"
_PROCEDURE = re.compile(
    r"(?i)\b(?:" + _TO_ORDER_TEXT + r"|call\s+the\s+roll|roll\s+call|without\s+objection|"
    r"the\s+motion\s+is\s+(?:agreed|carried|rejected|adopted|defeated|in\s+order)|stands?\s+in\s+recess|(?:is|are)\s+adjourned|"
    r"I\s+call\s+(?:agenda\s+item|on|upon)|give\s+the\s+floor|"
    r"I\s+recogni[sz]e\s+(?:the\s+(?:gentleman|gentlewoman|senator|member|minister)|Senator|Representative|Mr|Mrs|Ms)\b|"
    r"the\s+(?:ayes|noes|nays)\s+(?:are|have\s+it)|"
    r"order,\s+order|votes\s+cast|we\s+(?:move|proceed)\s+to|I\s+open\s+the\s+debate|I\s+announce\s+the\s+result)")
_TO_ORDER = re.compile(r"(?i)\b" + _TO_ORDER_TEXT + r"\b")  # the words that open a sitting or hearing
# a chair's turn that only gives the floor: "Thank you. Senator Calloway.", "Mr. Reiner, you're recognized."
_FLOOR = re.compile(r"^(?:Thank\s+you(?:,\s+[\w.’'\- ]{1,40})?\.\s+)?(?:(?:Senator|Representative|Congressman|Congresswoman|"
                    r"Mr\.?|Ms\.?|Mrs\.?|Dr\.?)\s+[A-Z][\w’'\-]+(?:,\s+you[’']re\s+recogni[sz]ed[^.]{0,60})?\.)\s*$")
# a member's turn in a parliamentary record: "Ms. Aleksandra Mroczek (Razem)", "Jens Kuhlmann (AfD)"
_MEMBER_LABEL = re.compile(r"^(?P<honorific>(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame)\.?\s+)?[A-ZÀ-ÞĀ-Ž][^()\[\]]*"
                           r"(?:\([^()]{1,60}\)\s*)?(?:\((?P<group>[^()]{1,80})\)|\[(?P<seat>[^\[\]]{1,80})\])$")  # "(Constituency) (Party)": the party is the group
_ROLE_NOTE = re.compile(r"(?i)anchor|host|presenter|moderator|correspondent|reporter|record|voice|translat|interpret|"
                        r"via|audio|video|analyst|guest|caller|archive|phone|\bon\b")


def _member(label: str) -> re.Match | None:
    """A label shaped like a member's turn ("Ms. X (Group)"), its parenthesis a group, not a role note."""
    m = _MEMBER_LABEL.match(label)
    return m if m and not _ROLE_NOTE.search(m.group("group") or m.group("seat")) else None
_TIMESTAMP = re.compile(r"^\s*(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4}\s*)?[:—–-]\s*|(?:UPDATE|BREAKING)\s*:\s*)", re.IGNORECASE)
_DASH_ATTRIB = re.compile(r"▮\s*[,.!?]?\s*(?P<dash>—|–|--|-)\s*(?P<who>[A-Z][^▮]{1,160}?)\s*$")
_INTRO_COLON = re.compile(r":\s*$")
# a programme introducing the clip that follows: "This is what he said.", "Here's what she told us."
_INTRO_SENTENCE = re.compile(r"(?:^|[.!?]\s+)(?:This\s+is|Here(?:[’']s|\s+is))\s+(?:what|how)\s+(?:he|she|they|it|the\s+\w+)\s+"
                             r"(?:said|told\s+\w+|put\s+it|sees\s+it)\s*[.:]?\s*$")
# nothing but a quotation (and punctuation) before the cue in its sentence
_INVERTED = re.compile(r"^[\s▮,.!?]*$|▮\s*[,.!?]?\s*$")
# an initial that opens a name ("P Chidambaram", "J. D. Vance"; a bare "A" or "I" is a word)
_INITIAL = r"(?:[A-ZÀ-ÖØ-ÞĀ-Ž]\.|[B-HJ-Z])\s+"
_CAP_NAME = re.compile(
    r"(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?(?:" + _INITIAL + r"(?=[A-ZÀ-ÖØ-ÞĀ-Ž])){0,2}(?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’\-]+|al-[\w'’\-]+)(?:\s+(?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’\-]+|al-[\w'’\-]+|de|van|von|bin|da|del|la|le))*"
)


def sentences(masked: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of a quote-masked paragraph (abbreviations are no ends)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(masked):
        if masked[m.start()] == ".":
            word = re.search(r"([\w.\-]*)$", masked[start:m.start()]).group(1)
            bare = word.split("-")[-1].lower()
            # "Sen.", "R-Ariz.", "U.S.", "J." are abbreviations, not sentence ends
            if bare in _ABBREVS or "." in word or (len(word) == 1 and word.isupper()):
                continue
        spans.append((start, m.end()))
        start = m.end()
    if start < len(masked):
        spans.append((start, len(masked)))
    return spans


def _segments(text: str) -> list[str]:
    """Comma-separated segments of text (commas inside parentheses kept)."""
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        if ch == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def _is_nameish(seg: str) -> bool:
    """A segment that starts like a name or title (a capitalised word), not like a description."""
    s = seg.strip()
    return bool(s) and (s[0].isupper() or s.startswith(("al-", "el-"))) and not _TAG.match(s)


_PREP_START = re.compile(r"^\s*(?:In|On|At|From|By|For|With|Across|Outside|Inside|Within|After|Before|During|Here|There|Back|Overseas|Abroad)\b", re.IGNORECASE)
# "Insisting that ..., the lawmakers argued": an opening participle or subordinate clause
_INTRO_CLAUSE = re.compile(r"^\s*(?:[A-Z][a-z]+ing\s+(?:that|to|the|a|an|on|in|with|for|about|his|her|their|its|it|no|from|up|out|over)\b|(?:While|Although|Though|Because|If|When|Unless|Despite|Unlike)\b)")
_DESCRIPTOR = re.compile(r"^(?:[a-z0-9]|(?:The|A|An|Its|His|Her|Their|Our|Who|Which)\s+[a-z])")


def _name_like(seg: str) -> bool:
    """A short segment made mostly of capitalised words: 'Sen. Glenn Ashby', 'Ahmed al-Assadi'."""
    words = seg.split()
    if not words or len(words) > 7 or not (words[0][0].isupper() or words[0].startswith(("al-", "el-"))):
        return False
    caps = sum(1 for w in words if w[0].isupper() or w.startswith(("al-", "el-")))
    return caps * 2 >= len(words)


def subject_before(clause: str, has_actor=None) -> str:
    """The subject noun phrase at the end of clause (the text before a cue verb), appositives kept.

    'X, a spokesman for Y,' -> 'X, a spokesman for Y'; 'a spokeswoman, Capt. X,' -> both;
    'Sens. X, R-Ky., and Y, D-Va.,' -> all of it; a long opening clause is cut off.
    """
    clause = _AUX.sub("", clause.rstrip()).rstrip()
    segs = _segments(clause)
    if len(segs) > 1 and not segs[-1].strip():
        segs.pop()  # "X, a spokesman for Y, confirmed": the empty segment before the verb
    last = len(segs) - 1
    first = last
    own = (re.match(r"(?:the|The)\s+[A-Z]", segs[last].strip()) and has_actor is not None and has_actor(segs[last])
           and not re.search(r"\b(?:who|whose)\b", segs[last]))  # "X, the Republican whose district ..." describes X
    if (_DESCRIPTOR.match(segs[last].strip()) or _TAG.match(segs[last].strip())) and not own:
        # (an institution by its name, "..., the Pentagon said", is the subject itself, not an appositive)
        j = last
        while j > 0 and j > last - 5:
            j -= 1
            s = segs[j].strip()
            if _TAG.match(s) or s.startswith("and ") or _KIN_OF.match(s):
                continue  # a kinship appositive ("daughter of former Vice President X") describes the name before it
            if _PREP_START.match(s) or _INTRO_CLAUSE.match(s):
                break  # "..., for captive Sgt. X this year, the GAO said": the clause before is no part of it
            if re.match(r"(?:who|whose|which)\b", s):
                continue  # "X, whose state is home to an Air Force base, said": a relative clause describes X
            if (_name_like(s) or (has_actor is not None and has_actor(s))) and not _PREP_START.match(s):
                first = j
                break
            if _DESCRIPTOR.match(s) and not s.lower().startswith("but "):
                continue
            break
    elif last > 0 and _name_like(segs[last].strip()):
        prev = segs[last - 1].strip()
        # "a spokeswoman, Capt. Dana Whitcombe," / "The chairman of the House Homeland Security Committee, Wade Brannock,"
        actor = has_actor is not None and has_actor(prev)
        if prev and len(prev.split()) <= 8 and "▮" not in prev and (
            actor or (_DESCRIPTOR.match(prev) and not _name_like(prev))
        ) and not _PREP_START.match(prev):
            first = last - 1
    head = segs[first]
    # cut off a leading clause of the head: "reported that X", "... after the strike the ministry"
    m = _BOUNDARY_WORDS.match(head)
    while m and m.end() < len(head):
        head = head[m.end():]
        m = _BOUNDARY_WORDS.match(head)
    head = re.sub(r"^\s*(?:On|In|At|From|Away\s+from|Across|Outside|Inside|Within|Back in|Overseas|Abroad)\s+[^,]{1,40},\s*", "", head)
    head = re.sub(r"^\s*(?:And|Yet|Still|Also|Then)\s+(?=\S)", "", head)  # a sentence opening "And Obama detailed ..."
    subject = ",".join([head] + segs[first + 1:last + 1])
    return subject.strip(" ,.;:—–-")


def subject_after(text: str) -> str:
    """The speaker noun phrase after an inverted cue ('said X, a ...'), up to the sentence end or a quote."""
    m = re.match(r"\s*(?P<np>[^▮;:]*?)(?:\s*[.;:!?]\s*$|\s*[.;:!?]?\s*▮|\s*,\s*(?:who|which)\b|$)", text)
    np = m.group("np") if m else text
    np = re.split(r"\s+(?:that|in\s+a\s+statement|on\s+\w+day|in\s+an?\s+\w+|at\s+a\s+\w+|by\s+(?:phone|telephone|email))\b", np)[0]
    return np.strip(" ,.;:—–-")


def leading_np(sentence: str) -> str:
    """The noun phrase a sentence opens with: capitalised words and their joiners, up to the first verb."""
    words = sentence.strip().split()
    out: list[str] = []
    joiners = {"of", "the", "for", "and", "on", "de", "al", "a", "an"}
    for w in words:
        core = w.strip(",;:")
        if core and (core[0].isupper() or core.startswith(("al-", "el-")) or core.lower() in joiners
                     or core.endswith(("’s", "'s"))):
            out.append(core)
            if w.endswith((",", ";", ":")):
                break
            continue
        break
    while out and out[-1].lower() in joiners:
        out.pop()
    return " ".join(out)


_NOT_NAMES = frozenset(
    "The A An In On At Not No Some Many Most Others Other Several Both All Each Every Few It Its "
    "He She They We I His Her Their Our This That These Those There Here Tuesday's Monday's "
    "Wednesday's Thursday's Friday's Saturday's Sunday's Monday Tuesday Wednesday Thursday Friday "
    "Saturday Sunday Today Yesterday Even Still And But Yet So If When While After Before Since "
    "Meanwhile However Also Asked Critics Supporters Officials Analysts Experts By For With Under Over "
    "Across Among Within Without Despite Through Until Dear Mr Mrs Ms Dr Mr. Mrs. Ms. Dr. Sir Madam".split()
)


def surname(name: str) -> str:
    """The last word of a name, without a possessive."""
    last = name.split()[-1] if name.split() else ""
    return re.sub(r"[’']s$", "", last).strip(".,")


# ---------------------------------------------------------------------------------------------
# Mapping a speaker span to a voice


@dataclass
class Memory:
    """What attribution remembers within one article: titled names, the last speaker, the home country."""

    home: str
    people: dict[str, tuple[str, str]] = field(default_factory=dict)  # surname -> (voice, full mention)
    last: tuple[str, str, int] | None = None  # (speaker, voice, paragraph index)
    last_person: tuple[str, str, int] | None = None
    last_body: tuple[str, str, int] | None = None  # the latest singular body ("it")
    bodies: list[tuple[str, str, int]] = field(default_factory=list)  # every singular body so far, oldest first
    surnames: set[str] = field(default_factory=set)  # last words of every full name in the article
    previous: str = ""  # the previous paragraph, quotes masked


_PLURAL_HEAD = re.compile(r"(?i)^(?:they|we)$|[a-z][^s\W]s$")


def _noun_head(span: str) -> list[str]:
    """The words of a speaker span before any apposition, parenthesis or relative clause."""
    return re.split(r"\s*(?:,|--|—|–|\(|\bwho\b|\bwhich\b)", span.strip())[0].split()


def plural_speaker(span: str) -> bool:
    """Whether a speaker span names several people ('they', 'the lawmakers', 'Republicans'), not one body or person."""
    head = _noun_head(span)
    return bool(head) and bool(_PLURAL_HEAD.search(head[-1]))


_FORMER = re.compile(
    r"\b(?:former|retired|ex-|onetime|one-time|once\s+(?:served\s+as\s+|was\s+)?(?:a|an|the)?|"
    r"who\s+(?:once\s+|previously\s+|later\s+)?(?:served|worked)\s+as(?:\s+(?:a|an|the))?)\s*(?:[\w.’'\-]+\s+){0,5}$",
    re.IGNORECASE,
)
_ADJACENT_OWNER = re.compile(r"(?:[’']s)?\s+(?:the\s+)?")  # "Nigeria's House", "Mexican Senate"
_OF_COUNTRY = re.compile(r"^\s*(?:of|for|in)\s+(?:the\s+)?", re.IGNORECASE)


def _qualifier(span: str, m: Match, names: list[Match]) -> str | None:
    """The country qualifying term m: a name just before it, or 'of/for <country>' just after it."""
    before = [n for n in names if n.end <= m.start and m.start - n.end <= 30 and "," not in span[n.end:m.start]]
    if before:
        return before[-1].country
    rest = span[m.end:]
    of = _OF_COUNTRY.match(rest)
    if of:
        after = [n for n in names if n.start == m.end + of.end()]
        if after:
            return after[0].country
    return None


# "the militia's leaders": people who speak for their owner
_OWN_PEOPLE = frozenset("leader leaders spokesman spokeswoman spokesperson spokesmen spokeswomen spokespeople official "
                        "officials member members commander commanders fighters representative representatives envoy "
                        "delegation office aide aides staff team camp campaign government press "
                        # what speaks for its owner: "the ministry's statement added", "the Justice
                        # Department's complaint alleges", "the GAO's report found"
                        "statement statements complaint letter post posts website release filing "
                        "lawyers attorneys report".split())


_POSSESSED = re.compile(r"[’']s?\s+(?P<head>[a-z][\w\-]*(?:\s+[a-z][\w\-]*){0,2})")


def _owns_only(after: str) -> bool:
    """Whether the words after a name or term make it a possessor of something other than its own people."""
    poss = _POSSESSED.match(after)
    return bool(poss) and not _OWN_PEOPLE.intersection(poss.group("head").split())


# "<name>, daughter of former Vice President <name>": the office after a kinship word is the
# relative's, not the speaker's
_KIN_OF = re.compile(r"\b(?:daughter|son|wife|husband|widow|widower|father|mother|brother|sister|grandson|"
                     r"granddaughter|nephew|niece|cousin|child|children)\s+of\s+", re.IGNORECASE)


_KIN_BEFORE = re.compile(_KIN_OF.pattern + r"(?:the\s+)?(?:former\s+|late\s+)?$", re.IGNORECASE)


def _drop_relatives(span: str, actors: list[Match]) -> list[Match]:
    """Without the terms that describe a relative of the speaker ('daughter of former Vice President X')."""
    kin = [m.end() for m in _KIN_OF.finditer(span)]
    if not kin:
        return actors
    return [m for m in actors if not any(k <= m.start and "," not in span[k:m.start] for k in kin)]


def _drop_possessors(span: str, actors: list[Match], found: list[Match]) -> list[Match]:
    """Without terms that only own the head: 'the administration's defenders', 'the President's decision'."""
    out = []
    for m in actors:
        after = span[m.end:]
        named = _TITLE_NAME.match(after)  # "Prime Minister X's caucus": the title owns through its holder
        if named:
            after = after[named.end():]
        poss = _POSSESSED.match(after)
        if _owns_only(after):
            continue
        out.append(m)
    return out


_TITLE_NAME = re.compile(r"\s+(?:[A-Z][\w.\-]*\s+){0,3}[A-Z][\w\-]*(?=[’']s\b)")


_OF_BODY = re.compile(r"^(?:-\w+)?\s+(?:and\s+(?:chief\s+)?\w+\s+)?of\s+", re.IGNORECASE)  # "president and chief executive of"
_BODY_END = re.compile(r"[,;:()▮]|\s(?:who|which|that|said|says|and)\s")


def _office_body(span: str, pick: Match, lexicon: ActorLexicon, home: str) -> tuple[str, str] | None:
    """(voice, evidence) of the body a generic title belongs to: 'the Chairman of the Joint Chiefs',
    'the president of the online newspaper X', 'the chairman of the House Homeland Security
    Committee': the body's head term decides. None when the title stands alone or its 'of' names
    a country (the country qualifier decides that)."""
    if pick.kind not in ("term", "weak"):
        return None
    if pick.text.lower() in _ORG_TITLES and (owner := _ORG_OWNER.search(span[:pick.start])):
        # "the association's president": the head of a body that is no government
        return "other", f"{owner.group(0).strip()} {pick.text}: an organisation"
    if pick.text.lower().endswith((" of", " of the")):
        start = pick.end
    else:
        of = _OF_BODY.match(span[pick.end:])
        if not of:
            return None
        start = pick.end + of.end()
    phrase = span[start:start + 80]
    cut = _BODY_END.search(phrase)
    phrase = phrase[:cut.start()] if cut else phrase
    inner = lexicon.matches(phrase)
    if (not inner and pick.text.lower() in _ORG_TITLES
            and re.match(r"(?:the\s+)?[A-Z][\w.\-]*\s+[A-Z\d]", phrase.strip()) and not _STATE_WORDS.search(phrase)):
        # "president of Machinists Local 2291": a body of several proper words the lexicon does not
        # know is no government
        return "other", f"of {phrase.strip()}: an organisation"
    if not inner and pick.text.lower() in _ORG_TITLES and _SUBNATIONAL.match(phrase.strip()):
        # "the president of the Liguria region": a regional or local government, not the nation's
        return "other", f"of {phrase.strip()}: a regional or local government"
    if all(m.kind == "name" for m in inner):
        return None  # "of France", "of the French Republic": the country qualifier decides
    voice, evidence, _ = _score(phrase, lexicon, home, None, allow_names=False, nearest=True)  # the head noun
    return (voice, f"of {evidence}") if voice else None


_ORG_TITLES = frozenset("president chairman chairwoman chair director head chief founder".split())
_ORG_OWNER = re.compile(r"\b(?:association|company|firm|group|union|charity|foundation|organi[sz]ation|institute|federation|"
                        r"corporation|society|cooperative|bank|university|network|lobby|club)[’']s\s+$", re.IGNORECASE)
_SUBNATIONAL = re.compile(r"^(?:the\s+)?(?:[A-Z][\w’'\-]*\s+){1,3}(?:region|province|prefecture|county|municipality|"
                          r"district|canton|oblast)\b")
_STATE_WORDS = re.compile(r"(?i)\b(?:republic|state|states|nation|government|federation|kingdom|emirates|council|commission|assembly|parliament|congress)\b")


# "the army-led government": a term before -led, -backed ... only describes the body that follows
_LED = re.compile(r"-(?:led|backed|run|aligned|allied|dominated|controlled|installed|appointed|sponsored)\b", re.IGNORECASE)
_RETIRED = re.compile(r"\(\s*(?:ret(?:d|ired)?|res)\.?\s*\)|,\s*ret(?:d|ired)?\.?(?=\s*[,)]|$)", re.IGNORECASE)


def _score(span: str, lexicon: ActorLexicon, home: str, people: dict[str, tuple[str, str]] | None = None,
           allow_names: bool = True, nearest: bool = False) -> tuple[str, str, int]:
    """(voice, evidence, strength) for a speaker span; strength 2 = title, body or known name, 1 = weak term."""
    voice, evidence, strength = _score_span(span, lexicon, home, people, allow_names, nearest)
    if voice in ("administration", "congress") and _RETIRED.search(span):
        return "other", f"retired: {evidence}", strength  # "Lt. Gen. X (retd.)": out of office
    return voice, evidence, strength


def _score_span(span: str, lexicon: ActorLexicon, home: str, people: dict[str, tuple[str, str]] | None = None,
                allow_names: bool = True, nearest: bool = False) -> tuple[str, str, int]:
    """_score before the check for a retired officer."""
    if not span.strip():
        return "", "", 0
    found = lexicon.matches(span)
    names = [m for m in found if m.kind == "name"]
    actors = [m for m in found if m.kind != "name" and not (_LED.match(span[m.end:]) and m is not found[-1])]
    actors = _drop_relatives(span, _drop_possessors(span, actors, found))
    strong = [m for m in actors if m.kind != "weak"]
    # a person remembered with a title ("Jacobs" after "Rep. Sara Jacobs") comes first when the
    # span has no title of its own before the name
    if people and allow_names:
        known = getattr(people, "known", frozenset())
        # a country's own title ("Sen.", "Bundestag") says more than a table of office holders;
        # a generic one ("President Macron") says less
        specific = any(m.kind in ("executive", "legislature") for m in strong)
        for start, nm in plain_names(span, found):
            key = surname(nm)
            first = strong[0].start if strong else len(span)
            if key in people and (start <= first or (key in known and not specific)):
                if _owns_only(span[start + len(re.sub(r"[’']s$", "", nm)):]):
                    continue  # "a member of <President>'s business council": the name only owns the speaker
                gap = len(span[start + len(nm):]) - len(span[start + len(nm):].lstrip())
                if any(m.start == start + len(nm) + gap for m in strong):
                    continue  # "Beaufort Mayor X" after "Marine Corps Air Station Beaufort": the place of an office
                voice, mention = people[key]
                if voice != "other" and _FORMER.search(span[:start]):
                    return "other", f"former: {nm} = {mention}", 2  # "former President X": out of office now
                return voice, f"{nm} = {mention}", 2
        for acr in re.finditer(r"(?<![\w.])[A-Z]{2,6}(?![\w.])", span):
            # "The MND said" after "the Ministry of National Defense (MND)"
            if (acr.group(0) in people and acr.start() <= (strong[0].start if strong else len(span))
                    and not any(m.start <= acr.start() < m.end for m in found)):
                voice, mention = people[acr.group(0)]
                return voice, f"{acr.group(0)} = {mention}", 2
    pool = strong or actors
    head = _segments(span)[0].strip()
    if pool and all(m.start > len(head) for m in pool) and re.match(r"\s*,\s*(?:which|whose|where)\b", span[len(_segments(span)[0]):]):
        pool = []  # "Italy, which has a military team in Libya, said": the clause describes the speaker
    if not pool:
        head_names = [m for m in names if m.start < len(head)]
        # a country named as the actor: "Tehran has answered", "China, the largest buyer, said"
        if head_names and len(re.sub(r"^(?:the|The)\s+", "", head).split()) <= len(head_names[0].text.split()) + 1:
            c = head_names[0].country
            return ("administration" if c == home else "foreign"), f"country {head_names[0].text}", 2
        org = re.match(r"^(?:(?:The|the)\s+)?(?P<owner>[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)*[’']s\s+)?(?P<org>[A-Z][\w.\-]*(?:\s+(?:of|for|and|the|[A-Z][\w.\-]*))*)$", head)
        if org and (head.startswith(("The ", "the ")) or org.group("owner")):
            owner = [m for m in head_names if org.group("owner") and m.start < len(org.group(0)) - len(org.group("org"))]
            if owner and owner[0].country != home:
                return "foreign", f"{owner[0].text}: {org.group('org')}", 1
            return "other", f"organisation {org.group('org')}", 1
        return "", "", 0
    pick = pool[-1] if nearest or not strong else pool[0]
    if pick.voice == "other" and pick.kind == "term" and pick.text[:1].isupper() and not _FORMER.search(pick.text):
        # an organisation word right before an office ("League senator", "Union minister") names the
        # office holder's party or body: the office decides
        # ("Citizen Protection Minister X": the capitalised words between belong to the office's name)
        office = next((m for m in strong if m.start >= pick.end and re.fullmatch(r"(?:[\s\-]+[A-Z][\w\-]*)*[\s\-]*", span[pick.end:m.start])
                       and m.voice in ("administration", "congress")), None)
        pick = office or pick
    body = _office_body(span, pick, lexicon, home)
    if body:
        voice, evidence = body
        if voice in ("administration", "congress") and _FORMER.search(span[:pick.start]):
            return "other", f"former {pick.text} {evidence}", 2
        return voice, f"{pick.text} {evidence}", 2
    strength = 1 if pick.kind == "weak" else 2
    voice = pick.voice
    if pick.kind in ("executive", "legislature"):
        at_home = pick.country == home or lexicon.has_term(home, pick.kind, pick.text)
        if (not at_home and lexicon.names_only(home) and not any(n.country == pick.country for n in names)
                and (pick.kind == "legislature" or len(lexicon.term_countries(pick.kind, pick.text)) > 1)):
            # a country the lexicon knows by name only has no party or chamber words of its own:
            # "Labour", "the Senate" in its story are its own unless the speaker span names the other
            # (not an executive only one country has: "the State Department" stays American)
            at_home = True
        named = getattr(people, "named", None)
        if (not at_home and pick.kind == "legislature" and named is not None
                and not named.intersection(lexicon.term_countries(pick.kind, pick.text) or [pick.country])):
            # a party or chamber of a country the article never names ("the LMP green party" in a
            # Hungarian story, not Britain's Greens) is the acting country's own
            at_home = True
        owner = next((n for n in names if _ADJACENT_OWNER.fullmatch(span[n.end:pick.start])), None)
        if at_home and owner is not None and owner.country != home:
            # "Nigeria's House of Representatives", "the Mexican Senate": a name several countries
            # share, owned by one that is not the acting country
            return "foreign", f"{owner.country}: {pick.text}", strength
        if not at_home:
            # "Rep. Bae, a People Power Party lawmaker": a foreign-sounding title beside the acting
            # country's own body; the body says where the office is
            pick = next((m for m in pool if m.kind == pick.kind and m.voice == pick.voice
                         and lexicon.has_term(home, m.kind, m.text)), pick)
            at_home = pick.country == home or lexicon.has_term(home, pick.kind, pick.text)
        return (voice if at_home else "foreign"), f"{home if at_home else pick.country}: {pick.text}", strength
    if voice in ("administration", "congress"):
        if _FORMER.search(span[:pick.start]):
            return "other", f"former {pick.text}", strength
        foreign_title = lexicon.foreign_title(home, pick.text)
        if foreign_title:
            return "foreign", f"{pick.text} (not a {home} title)", strength
        for m in [pick] + [x for x in pool if x is not pick and x.voice in ("administration", "congress")]:
            country = _qualifier(span, m, names)
            if country and country != home:
                return "foreign", f"{country}: {m.text}", strength
        if _qualifier(span, pick, names) == home:
            return voice, f"{home}: {pick.text}", 2  # "US officials": a country's people, not anyone's
    return voice, pick.text, strength


def categorize(span: str, lexicon: ActorLexicon, home: str, people: dict[str, tuple[str, str]] | None = None,
               allow_names: bool = True, nearest: bool = False) -> tuple[str, str]:
    """(voice, evidence) for a speaker span; ('', '') when nothing in it points to a voice."""
    voice, evidence, _ = _score(span, lexicon, home, people, allow_names, nearest)
    return voice, evidence


def plain_names(span: str, found: list[Match] | None = None) -> list[tuple[int, str]]:
    """(offset, name) of capitalised word sequences in span that are not lexicon terms."""
    blanked = list(span)
    for m in found or []:
        blanked[m.start:m.end] = "#" * (m.end - m.start)
    text = "".join(blanked)
    out = []
    for m in _CAP_NAME.finditer(text):
        name = re.sub(r"^(?:Mr|Mrs|Ms|Dr)\.?\s+", "", m.group(0))
        if not name or name.split()[0] in _NOT_NAMES:
            continue
        out.append((m.start(), name))
    return out


def _names_person(span: str, lexicon: ActorLexicon) -> bool:
    """Whether a speaker span names a person ("Sen. Ada Mills", "Harlow"), not only a body with
    capitalised words ("The Ministry of Hydrocarbons and Energy")."""
    found = lexicon.matches(span)
    return bool(is_person_name(span, found)) or any(len(name.split()) >= 2 for _, name in plain_names(span, found))


def is_person_name(span: str, found: list[Match], known: set[str] | None = None) -> str:
    """The person's name if span's head is one ('Amal Osman of Skokie', 'Harlow', 'Gil Navarro'), else ''."""
    head = _segments(span)[0].strip()
    head = re.sub(r"^(?:Mr|Mrs|Ms|Dr|Mr\.|Mrs\.|Ms\.|Dr\.)\s+", "", head)
    m = re.fullmatch(r"(?P<name>" + _CAP_NAME.pattern + r")(?:\s+(?:of|from)\s+[A-Z][\w\s.,’'\-]*)?(?:,.*)?", head)
    if not m:
        return ""
    name = re.sub(r"^(?:Mr|Mrs|Ms|Dr)\.?\s+", "", m.group("name"))
    if not name or name.split()[0] in _NOT_NAMES or any(f.start < len(m.group("name")) for f in found):
        return ""
    if len(name.split()) == 1 and known is not None and name not in known:
        return ""  # "Police reported": a lone capitalised word is a name only if the article named someone so
    return name


# ---------------------------------------------------------------------------------------------
# Finding attributions in one paragraph


@dataclass
class Attribution:
    """One speaker found in a paragraph: span, cue, voice and the evidence."""

    speaker: str
    cue: str
    cue_class: str
    voice: str
    evidence: str
    position: int
    kind: str = "cue"  # cue | label | dash | colon | according
    strength: int = 2  # 2: title, body or name; 1: only a generic term ("officials", "critics")


_BARE_SPOKESPERSON = re.compile(r"^(?:(?:a|an|the|A|An|The)\s+)?(?:(?:chief|deputy|senior|principal)\s+)?spokes(?:man|woman|person)"
                                r"(?:,?\s+(?:[A-Z][\w.’'\-]*\s*){1,4})?$")
_DEFINITE_TITLE = re.compile(r"^(?:the|The)\s+(?P<title>[a-z]+)$")


def _resolve(span: str, lexicon: ActorLexicon, memory: Memory, context: str = "") -> tuple[str, str, int]:
    """(voice, evidence, strength) of a speaker span: lexicon, remembered names, pronouns, or a named person.

    context is the paragraph's (quote-masked) text before the span, for pronouns and 'its/their'.
    """
    span = _expand_handles(span)
    words = span.split()
    if not words:
        return "", "", 0
    first = words[0].lower()
    if first in _PRONOUNS and len(words) <= 2 and first not in ("his", "her", "its", "their"):
        return _pronoun(first, words[0], lexicon, memory, context)
    if (_DESCRIPTION_CHAIN.match(span) and memory.last_person
            and not plain_names(head := span.split(",")[0], lexicon.matches(head))):
        # "The former general, who commanded ..., said": news copy's definite description of the person
        # last named (a new person comes with "a former ..." or a name), not another, former official
        return memory.last_person[1], f"'{span}' = {memory.last_person[0]} (paragraph {memory.last_person[2] + 1})", 2
    voice, evidence, strength = _score(span, lexicon, memory.home, memory.people)
    if _BARE_SPOKESPERSON.match(span) and context:
        # "China's foreign ministry was unmoved. '...,' spokeswoman X said": the spokeswoman of the body
        # the sentence before opens with, not of the acting government
        if sents := sentences(context):
            a, b = sents[-1]
            opening = _opening(_TIMESTAMP.sub("", context[a:b]).strip())
            v, e, st = _score(opening, lexicon, memory.home, memory.people)
            if v and st >= 2:
                return v, f"'{span}' of {opening} ({e})", 2
    title = _DEFINITE_TITLE.match(span)
    if title and voice and voice != "foreign":
        # "the ambassador said" after "Afghan Ambassador X told CNN": the one person so titled
        word = title.group("title")
        holders = {(v, mention) for v, mention in memory.people.values()
                   if re.search(rf"\b{re.escape(word)}\b", mention, re.IGNORECASE)}
        if len({v for v, _ in holders}) == 1:
            v, mention = sorted(holders)[0]
            return v, f"'{span}' = {mention}", 2
    if first in ("its", "their") and (not voice or strength < 2 or voice in ("administration", "congress")):
        # "Japan is taking it slower. Its government says ...": the owner is the latest country or speaker
        sents = sentences(context)
        if sents:
            a, b = sents[-1]
            opening = re.split(r"\s+(?:is|are|was|were|has|have|had|said|says)\b", _TIMESTAMP.sub("", context[a:b]).strip())[0][:100]
            v, e, st = _score(opening, lexicon, memory.home, memory.people)
            if v and st >= 2:
                return v, f"'{words[0]}' = {opening}: {e}", 2
        owners = [m for m in lexicon.matches(context) if m.kind == "name"]
        if owners:
            v, e, st = _score(f"{owners[-1].text} {' '.join(words[1:])}", lexicon, memory.home, memory.people)
            if v:
                return v, f"'{words[0]}' = {owners[-1].text}: {e}", st
        if not voice and memory.last_body:
            return memory.last_body[1], f"'{words[0]}' = {memory.last_body[0]}", 1
    if voice:
        return voice, evidence, strength
    if title:
        # "the office said" after "the Government Accountability Office said": the body last named so
        for ref in [memory.last] * bool(memory.last) + memory.bodies[::-1]:
            head = _noun_head(ref[0])
            if head and head[-1].lower() == title.group("title"):
                return ref[1], f"'{span}' = {ref[0]} (paragraph {ref[2] + 1})", 2
    if (doc := _DOCUMENT_SUBJECT.match(span)):
        found = _document_author(re.sub(r"\s+", " ", doc.group("doc").lower()), lexicon, memory, context)
        if found[0]:
            return found
    if _INTRODUCED_PERSON.match(span) and not lexicon.matches(span):
        # "a woman who sells bread at the bus station said": someone the story brings in, with no office
        return "other", f"'{_segments(span)[0][:60]}': a person the story introduces", 1
    if _AGE_DESCRIPTION.match(span) and memory.last_person:
        # "..., the 71-year-old said": a description of the person last named
        return memory.last_person[1], f"'{span}' = {memory.last_person[0]} (paragraph {memory.last_person[2] + 1})", 2
    found = lexicon.matches(span)
    if (re.fullmatch(r"[A-ZÀ-ÞĀ-Ž][a-zà-ÿā-ž’'\-]+", span) and not found and span not in _NOT_NAMES
            and span not in memory.surnames and memory.people):
        # "Rudy told reporters" after "Minister Rudy Hartono": a first name used alone, as Indonesian
        # copy does, names the one remembered person who has it
        owners = {(v, mention) for sur, (v, mention) in memory.people.items()
                  if re.search(rf"\b{re.escape(span)}\s+(?:[A-ZÀ-ÞĀ-Ž]\.?\s+)?{re.escape(sur)}\b", mention)}
        if len({v for v, _ in owners}) == 1:
            v, mention = sorted(owners)[0]
            return v, f"'{span}' = {mention}", 2
    name = is_person_name(span, found, memory.surnames)
    if name:
        # a named person with no title anywhere in the article: a citizen, expert or other outsider
        return "other", f"named speaker without a title: {name}", 2
    if (owner := _OWNER_TITLE.match(span)):
        # "The group's coordinator, Marta Zielonka": the body that owns an office the lexicon does not know
        v, e, st = _score(owner.group("owner"), lexicon, memory.home, memory.people)
        if v:
            return v, f"'{span}' of {owner.group('owner')} ({e})", max(st, 1)
    return "", "", 0


# a document as the subject of a reporting verb ("The letter argues", "The memo also notes"): it speaks
# for whoever wrote or sent it
_DOCUMENTS = (r"letter|memo|memorandum|document|fact\s+sheet|white\s+paper|report|draft|order|notice|filing|brief|"
              r"proposal|plan|text|cable|directive")
_DOCUMENT_SUBJECT = re.compile(rf"^(?:the|The|Its|its|Their|their)\s+(?:(?:[\w\-]+)\s+){{0,2}}?(?P<doc>{_DOCUMENTS})"
                               r"(?:\s+(?:also|further|again|even|still|[a-z]+ly))*$")
_GENERIC_DOCUMENT = frozenset(("document", "text"))
# where an author's noun phrase ends: at its verb
_AUTHOR_END = re.compile(r"\s+(?:is|are|was|were|has|have|had|does|do|did|would|will|could|should|said|says|made|makes|sent|"
                         r"sends|released|issued|wrote|drafted|published|filed|signed|transmitted|delivered|laid|that|which|who)\b")
_DOCUMENT_AUTHOR = re.compile(r"\b(?:from|by)\s+(?P<author>(?:the\s+|its\s+|their\s+)?[A-Za-z][^,;.▮]{1,80})")


def _document_author(doc: str, lexicon: ActorLexicon, memory: Memory, context: str) -> tuple[str, str, int]:
    """(voice, evidence, strength) of the writer of a document named before ('a letter from the
    department', 'the resolution drafted by the White House', 'The White House sent a fact sheet'):
    the latest sentence of this paragraph or the previous one that names it."""
    # "the document" may be the resolution, statement, request or bill named before
    word = _DOCUMENTS + "|resolution|statement|request|bill" if doc in _GENERIC_DOCUMENT else re.escape(doc)
    for text in (context, memory.previous):
        for start, end in reversed(sentences(text)):
            sent = text[start:end]
            named = re.search(rf"\b(?:{word})s?\b", sent, re.IGNORECASE)
            if not named or _DOCUMENT_SUBJECT.match(sent[:named.end()].strip()):
                continue  # a sentence whose subject is the document itself says nothing of its author
            candidates = []
            if (by := _DOCUMENT_AUTHOR.search(sent, named.end())) and by.start() - named.end() < 60:
                candidates.append(by.group("author"))
            opening = _opening(sent)
            candidates.append(opening)
            if (owner := re.match(r"(.+?)[’']s\s", opening)):
                candidates.append(owner.group(1))  # "The department's reasoning is laid out in a memo"
            for author in candidates:
                author = _AUTHOR_END.split(author)[0]
                voice, evidence, strength = _score(author.strip(), lexicon, memory.home, memory.people)
                if voice and strength >= 2:
                    return voice, f"the {doc} of {author.strip()} ({evidence})", 2
    return "", "", 0


_OWNER_TITLE = re.compile(r"^(?:the|The)\s+(?P<owner>[\w\-]+(?:\s+[\w\-]+){0,3}?)[’']s\s+"
                          r"(?!(?:defenders|critics|supporters|opponents|allies|backers|friends|detractors|rivals|enemies|"
                          r"victims|families|relatives)\b)[a-z][\w\-]*(?:\s+[a-z][\w\-]*)?"
                          r"(?:,\s+[A-ZÀ-ÞĀ-Ž][^,]{1,40})?$")
_INTRODUCED_PERSON = re.compile(r"^(?:[Aa]n?|[Oo]ne)\s+(?!(?:[a-z][\w\-]*\s+){0,3}(?:source|person|people)\b)(?:[a-z][\w\-]*\s+){1,3}(?:who|whose|from|in|at)\b(?![^,]*\bfamiliar\b)")
_AGE_DESCRIPTION = re.compile(r"^(?:the|The)\s+\d{2}-year-old(?:\s+[a-z]+)?$")
_DESCRIPTION_CHAIN = re.compile(r"^(?:the|The)\s+(?:\d{2}-year-old|former|ex-)(?=[\s,])")
_HANDLE = re.compile(r"@(?P<h>[A-Za-z]\w{1,30})")


def _expand_handles(span: str) -> str:
    """'@SenAdaMills' -> 'Sen. Ada Mills' so that a social-media handle can be categorised like a name."""
    def expand(m: re.Match) -> str:
        words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", m.group("h")).replace("_", " ")
        return re.sub(r"^(Sen|Rep|Gov|Gen)\s", r"\1. ", words)
    return _HANDLE.sub(expand, span)


def _opening(sentence: str) -> str:
    """The words a sentence opens with, up to its first common verb: where its subject is."""
    sent = _TIMESTAMP.sub("", sentence).strip()
    sent = re.sub(r"^Dear\s+[^:,]{1,60}[:,]\s*", "", sent)  # a letter's salutation names the addressee
    sent = re.sub(r"^(?:On|In|At|From|Back in|Here in|Overseas|Abroad)\s+[^,]{1,40},\s*", "", sent)
    # "Since Tony Blair put Iraq to the Commons, a convention has ...": the clause is not the subject
    sent = re.sub(r"^(?:Since|When|After|Before|Although|Though|While|As|If|Because|Until|Once)\s+[^,]{1,120},\s*", "", sent)
    return re.split(r"\s+(?:is|are|was|were|has|have|had|says|said|runs|owns|chose|took|wants|called)\b", sent)[0][:120]


def _pronoun(low: str, word: str, lexicon: ActorLexicon, memory: Memory, context: str) -> tuple[str, str, int]:
    """A pronoun speaker: the actor a recent sentence of the paragraph opens with, else the latest compatible speaker."""
    kind = _PRONOUNS[low]
    if kind in ("person", "group"):
        for start, end in reversed(sentences(context)):
            opening = _opening(context[start:end])
            voice, evidence, strength = _score(opening, lexicon, memory.home, memory.people)
            if voice:
                return voice, f"pronoun '{word}' = {opening} ({evidence})", 2
            found = lexicon.matches(opening)
            if (acting := re.match(r"(?P<name>[A-ZÀ-ÞĀ-Ž][\w’'\-]+(?:\s+[A-ZÀ-ÞĀ-Ž][\w’'\-]+){0,3})\s+[a-z]+(?:s|ed)\b", opening)) \
                    and surname(acting.group("name")) in memory.people:
                # "Thornhill-Baptiste presses the minister ...: she asks": the person the sentence opens with
                voice, mention = memory.people[surname(acting.group("name"))]
                return voice, f"pronoun '{word}' = {acting.group('name')} ({mention})", 2
            # "Jhonny Vargas, a driver", or "truck driver Jhonny Vargas": a person named without an office
            name = is_person_name(opening, found) or next(
                (n for _, n in plain_names(opening, found) if len(n.split()) >= 2 and not found), "")
            if name:
                voice, mention = memory.people.get(surname(name), ("other", "named without a title"))
                return voice, f"pronoun '{word}' = {name} ({mention})", 2
            if kind == "person" and re.match(r"(?:[Aa]n?|[Oo]ne)\s+[a-z][\w\-]*\s", opening):
                # "a woman who runs a stall ... said she": someone the story brings in, holding no office
                return "other", f"pronoun '{word}' = {opening} (a person the story introduces)", 2
    if kind == "body":
        # "It has told the lawmakers": the body the previous sentences open with, never a "they"
        for text in (context, memory.previous):
            for start, end in reversed(sentences(text)):
                opening = _opening(text[start:end])
                voice, evidence, strength = _score(opening, lexicon, memory.home, memory.people)
                if voice and strength >= 2 and not plural_speaker(opening):
                    return voice, f"pronoun '{word}' = {opening} ({evidence})", 2
        if memory.last_body is None and memory.last and plural_speaker(memory.last[0]):
            return "", "", 0
    ref = (memory.last_body if kind == "body" and memory.last_body else
           memory.last_person if kind == "person" and memory.last_person else memory.last)
    if ref:
        return ref[1], f"pronoun '{word}' = {ref[0]} (paragraph {ref[2] + 1})", 2
    return "", "", 0


_NEGATED = re.compile(r"\b(?:declined|refused|would\s+not|did\s+not|could\s+not|wouldn[’']t|didn[’']t|won[’']t|not|never|yet\s+to|not\s+yet)\s+(?:to\s+)?$", re.IGNORECASE)
_SKIP_BEFORE = re.compile(
    r"(?i)(?:\b(?:who|which|what)\s+(?:\w+ly\s+)?|\bso-|\bwhat\s+(?:[\w’'\-]+\s+){1,4}"
    r"|\b(?:which|whom|that)\s+[^,▮]{0,40}?\b(?:has|have|had|is|are)\s+)$"
)
# cue verbs that also name an act ("declared an emergency", "introduced a bill"): a statement only
# when a reported clause, a quotation or a colon follows
_PROCEDURAL = frozenset("announce announced announces announcing declare declared declares declaring introduce introduced "
                        "introduces introducing charged charges briefed informed proposed sought seeks alleged alleges".split())
# "OFAC added the four to its list", "the Navy has added two patrol ships": an object, not a statement
_ADDED_OBJECT = re.compile(r"(?i)\s+(?:the|a|an|\d[\d,.]*|two|three|four|five|six|several|new|more|another|"
                           r"its|their|his|her|them)\b")
_CLAUSE_AFTER = re.compile(r"(?i)\s*(?:(?:today|yesterday|tonight|on\s+\w+|this\s+\w+|late\s+\w+|in\s+a\s+statement)\s*,?\s*)?(?:that\b|it\b|he\b|she\b|they\b|we\b|there\b|▮|:|,|plans\b|on\s+\w+\s+that"
                           # a clause without "that": "alleges the crude was loaded", not "announced the deployment of"
                           r"|the\s+(?:[\w\-]+\s+){1,4}(?:was|were|is|are|had|has|would|will)\b)")
_REACTION_NOUNS = frozenset({"criticism", "condemnation", "rebuke"})
# finite forms only: "..., drawing condemnation from Tehran" in a lead is the act's aftermath, narrated
_DREW = re.compile(r"(?i)\b(?:drew|draws|drawn|won|wins|earned|earns|received|receives|faced|faces|met\s+with)\s+(?:[\w\-]+,?\s+){0,3}$")
_TRAILING_END = re.compile(r"(?i)\s*(?:(?:on|last|this|late|early)\s+\w+|today|yesterday|tonight|in\s+a\s+statement)?"
                           r"(?:\s+after\s+[^,.;▮]{1,60})?\s*[.!]?\s*$")
_BACKGROUND = re.compile(r"(?i)\b(?:after|before|since|when|until|as|once)\s+(?:the\s+)?[^,▮]{0,60}$")
_QUICK_TO = re.compile(r"\s+(?:was|were|is|are|has\s+been|have\s+been)\s+(?:\w+\s+)?(?:quick|quicker|swift|eager|keen|first|ready|happy|careful|slow|loath|reluctant)\s+to\s*$")
_WROTE_TO = re.compile(r"\s+(?:has\s+|have\s+|had\s+)?(?:written|wrote|writes|write|sent\s+a\s+letter|sends\s+a\s+letter)\s+to\s+[^,;▮]{2,80}$")
_OPENER = re.compile(r"^\s*(?:(?:In|From|At|Across|Back\s+in|Over\s+in)\s+(?P<place>[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){0,2})\s*,"
                     # a roundup's heading: "HUNGARY: ... a state secretary said"
                     r"|(?P<heading>[A-ZÀ-ÞĀ-Ž][A-ZÀ-ÞĀ-Ž’'\-]+(?:\s+[A-ZÀ-ÞĀ-Ž][A-ZÀ-ÞĀ-Ž’'\-]+){0,2})\s*:\s)")


# characters read before (and after) a cue for its speaker, and before its sentence for a pronoun's
# antecedent: far more than any real sentence or speaker needs
CUE_WINDOW = 1000
CONTEXT_WINDOW = 3000


def _cue_attributions(text: str, masked: str, lexicon: ActorLexicon, memory: Memory) -> list[Attribution]:
    """Attributions found around reporting cues and trailing dashes in one paragraph."""
    out: list[Attribution] = []

    def has_actor(seg: str) -> bool:
        return any(m.kind != "name" for m in lexicon.matches(seg)) or bool(re.match(r"(?i)(?:its|their|his|her)\s", seg))

    for s_start, s_end in sentences(masked):
        sent = masked[s_start:s_end]
        opener = _OPENER.match(_TIMESTAMP.sub("", sent))
        lead = len(sent) - len(sent.lstrip(" ▮,.—–-"))  # where the sentence's words begin
        for m in lexicon.cue_pattern.finditer(sent):
            cue = text[s_start + m.start():s_start + m.end()]
            # the text before a cue is read only as far back as CUE_WINDOW, so that a run-on sentence
            # with many cues costs time in proportion to its length, not to its square
            before = sent[max(0, m.start() - CUE_WINDOW):m.start()]
            # "Republicans were quick to claim credit": the subject of the adjective speaks
            before = _QUICK_TO.sub(" ", before)
            after = sent[m.end():m.end() + CUE_WINDOW]
            form = m.group(0).lower()
            if m.group(0)[0].isupper() and m.start() > lead:
                continue  # "the U.S. Court of Appeals": a capitalised word mid-sentence is a name
            if (form.endswith("ing") and not before.strip(" ▮,.—–-") and "," in after
                    and lexicon.cue_pattern.search(after.split(",", 1)[1])):
                continue  # "Arguing that ..., the lawmakers said": the main clause's cue has the speaker
            if form in ("opposed", "supported", "backed") and re.match(r"\s+(?:to|by)\b", after):
                continue  # "a convoy of trucks opposed to ...": an adjective
            if form in ("say", "word", "claim", "warning") and re.search(r"(?i)\b(?:a|the|any|no|final|their|its|our|his|her)\s+$", before):
                continue  # "the Commons gets a say": a noun
            weak = False  # a speaker named only as where a reaction came from: a statement after it names better
            if form in _REACTION_NOUNS and not _DREW.search(before):
                continue  # "the criticism stung": a noun, not a statement
            passive = not form.endswith(("ing", "s")) and _PASSIVE.search(before)
            if (passive or _NEGATED.search(before) or _SKIP_BEFORE.search(before)) and form != "according to":
                continue
            if (form.split()[0] in _PROCEDURAL and (_BACKGROUND.search(before) or not _CLAUSE_AFTER.match(after))
                    and not (_TRAILING_END.match(after) and "," in before)):
                # "The President declared a national emergency": an act, not a statement; but
                # "..., the ministry announced on Tuesday." closes the sentence it reports
                continue
            if form in ("added", "adds") and _ADDED_OBJECT.match(after) and not _CLAUSE_AFTER.match(after):
                continue
            if form == "asked" and (not before.strip() or re.search(r"(?i)\b(?:we|i)\s*$", before)):
                continue  # "Asked why ..., she said" / "we asked X": the speaker is elsewhere
            if re.search(r"\s(?:and|but)\s*$", before) and not _INVERTED.search(before):
                # "Pakistan's foreign office summoned ... and called the strikes ...": the sentence's subject
                lead_pronoun = re.match(r"(?i)(he|she|they|we)\s+[a-z]", _strip_lead(before))
                span, kind = (lead_pronoun.group(1) if lead_pronoun else subject_before(re.split(
                    r"\s+(?:summoned|issued|sent|took|made|met|held|released|has|had|was)\b", _strip_lead(before))[0], has_actor)), "cue"
            elif _DREW.search(before):
                # "The order drew swift praise from Republicans": those it came from speak, not the order
                source = re.match(r"\s+from\s+(?P<who>[^,.;:▮]{2,80}?)(?=\s+(?:after|over|for|who|when|because)\s|[,.;:▮]|$)", after)
                if not source:
                    continue
                span, kind, weak = source.group("who"), "cue", True
            elif cue.lower() == "according to":
                span, kind = subject_after(after), "according"
            elif _INVERTED.search(before):
                # "“...,” said X" / "... , says X": the speaker follows the cue
                span, kind = subject_after(after), "cue"
            elif m.group(0).lower().endswith("ing") and before.rstrip().endswith(","):
                # participle: "The Department of Defense took responsibility, saying ..."
                span, kind = _clause_subject(before), "cue"
            elif m.group(0).lower().endswith("ing") and (wrote := _WROTE_TO.search(before)):
                # "She has written to the Foreign Secretary asking ...": the writer asks, not the addressee
                span, kind = subject_before(before[:wrote.start()], has_actor), "cue"
            else:
                if _BACKGROUND.search(before):
                    continue  # "as the administration defended the policy": background, not a statement
                span, kind = subject_before(before, has_actor), "cue"
                if not span:
                    span = subject_after(after)
            span = span.strip()
            if re.search(r"(?i)\byou$", span):
                continue  # "Minister, you say ...": the one addressed is not the speaker
            pron = re.search(r"(?i)\b(he|she|they|it|we)$", span)
            if pron and len(span.split()) > 1:
                span = pron.group(1)  # "In a floor speech just now he tore into ..."
            if not span or len(_segments(span)[0].split()) > 14 or re.search(r"(?i)\b(?:and|or|to)$", span):
                continue
            context = masked[max(0, s_start - CONTEXT_WINDOW):s_start]
            if (span.lower() in _PRONOUNS and (at := before.lower().rfind(span.lower())) > 0
                    and re.search(r"▮[\s.,;!?]*$", before[:at])):
                # "X, leader of Y: ▮▮▮ He called for ...": a masked quotation hid the sentence break before the pronoun
                context = masked[max(0, s_start - CONTEXT_WINDOW):s_start + at]
            voice, evidence, strength = _resolve(span, lexicon, memory, context)
            place = opener and (opener.group("place") or _title_case(opener.group("heading")))
            if opener and voice in ("administration", "congress") and not evidence.startswith(("United", memory.home)):
                # "In Niamey, the military government welcomed ...": the place qualifies a generic title
                v2, e2, _ = _score(f"{place} {span}", lexicon, memory.home, memory.people)
                if v2 == "foreign":
                    voice, evidence = v2, f"in {place}: {e2}"
            out.append(Attribution(span, cue, lexicon.cue_class(cue), voice, evidence, s_start + m.start(), kind,
                                   1 if weak else strength))
        dash = _DASH_ATTRIB.search(sent)
        if dash:
            span = dash.group("who").strip(" .")
            voice, evidence, strength = _resolve(span, lexicon, memory)
            out.append(Attribution(span, dash.group("dash"), "neutral", voice, evidence, s_start + dash.start(), "dash", strength))
    return out


def _clause_subject(before: str) -> str:
    """The subject a clause opens with (for participles: 'X took responsibility, saying'): a pronoun or a noun phrase."""
    clause = re.sub(r"^(?:Instead|But|And|Later|Meanwhile|Separately|Earlier|Still|Then|However|Also)\s*,?\s+", "", _strip_lead(before))
    pron = re.match(r"(?i)(he|she|they|it|we)\b", clause)
    return pron.group(1) if pron else leading_np(clause)


def _strip_lead(before: str) -> str:
    """A clause without its leading timestamp or 'In Kyiv,'-style opener."""
    before = _TIMESTAMP.sub("", before)
    return re.sub(r"^(?:On|In|At|From|Back in|Overseas|Abroad)\s+[^,]{1,40},\s*", "", before.strip())


def _colon_attribution(text: str, masked: str, lexicon: ActorLexicon, memory: Memory) -> Attribution | None:
    """A colon introducing a statement: 'The senators' letter:' / 'Mr Finlay: “...”' / '... issued Thursday:'."""
    m = re.search(r"^(?P<pre>[^:▮]{2,200}):\s*(?:▮|$)", masked)
    if not m or re.match(r"\s*Dear\b", m.group("pre")):
        return None
    pre = _TIMESTAMP.sub("", m.group("pre")).strip()
    span = subject_before(pre) or pre
    voice, evidence = categorize(span, lexicon, memory.home, memory.people)
    if not voice:
        voice, evidence = categorize(pre, lexicon, memory.home, memory.people)
        span = pre if voice else span
    return Attribution(span, ":", "neutral", voice, evidence, m.start("pre"), "colon")


# A numbered oral question of Westminster-style Question Time: "3. NAME (Party) to the Minister of
# Defence:" is the member's label.
_QUESTION_HEAD = re.compile(r"^\d{1,3}\.\s+(?P<label>[^:\n]{3,120}?)\s+to\s+the\s+(?:Rt\.?\s+Hon\.?\s+)?"
                            r"(?:Prime\s+|Deputy\s+Prime\s+|Associate\s+)?Minister\b[^:\n]{0,80}:\s+(?=\S)")
_LANGUAGE = re.compile(r"^\s*\[(?:Translation|English|French|Français|Interpretation)\]\s*", re.IGNORECASE)  # Canadian Hansard
_QUESTION_WORD = re.compile(r"^(?:Question|QUESTION)\s*(?:\([^()]{0,60}\))?\s*:\s+(?=\S)")
_LABEL_NOTE = re.compile(r"^[^:\n]{2,120}?(?P<note>\s*\((?:translated|through\s+(?:an\s+)?interpreter|via\s+(?:an\s+)?(?:interpreter|translator)|"
                         r"in\s+[A-Z]\w+|interpreted)[^()]{0,40}\))\s*:")
# records that number their speeches: the Riksdag's "Anf. 22 NAME (V):", the Belgian Chamber's "05.01 NAME (VB):"
_TURN_NUMBER = re.compile(r"^\s*(?:Anf\.\s*\d{1,3}|\d{1,3}\.\d{2})\s+(?=[A-ZÀ-ÞĀ-Ž])")
_CLIP = re.compile(r"^\s*\((?:BEGIN\s+)?(?:CLIP|VIDEO|AUDIO|RECORDED|RECORDING|SOUNDBITE|SOT|VO|VOICE-OVER|ARCHIVE)[^()]{0,30}\)\s*", re.IGNORECASE)


def _label(text: str) -> tuple[str, int] | None:
    """A transcript speaker label at the paragraph start ('SECRETARY OF DEFENSE JIM MATTIS:', 'Q:',
    '(CLIP) DEFENCE SECRETARY:')."""
    body = _CLIP.sub("", _LANGUAGE.sub("", _TURN_NUMBER.sub("", _TIMESTAMP.sub("", text))))
    if (asked := _QUESTION_WORD.match(body)):
        return "Q", len(text) - len(body) + asked.end()  # "QUESTION:", "Question:": a reporter's question, as "Q:"
    note = _LABEL_NOTE.match(body)
    if note:
        # "NAME, MINISTER (translated from French): ...": the interpreter's note is not part of the label
        found = _label(body[:note.start("note")] + body[note.end("note"):])
        return (found[0], found[1] + len(text) - len(body) + (note.end("note") - note.start("note"))) if found else None
    m = _QUESTION_HEAD.match(body)
    if m:
        return m.group("label").strip(), len(text) - len(body) + m.end()
    m = _LABEL.match(body)
    label = m.group("label").strip() if m else ""
    letters = re.sub(r"[^A-Za-z]", "", label)
    if not m or (label not in ("Q", "A") and (len(letters) < 2 or not label.isupper())):
        m = _TITLED_LABEL.match(body)
        if not m:
            return None
        label = m.group("label").strip()
    return label, len(text) - len(body) + m.end()


# "PRESIDENT. ...", "CHIARA BALDUCCI (PD-IDP). ...", "LORENZO FERRAGUTI, Minister of Defence. ...", "V. JANKAUSKIENĖ. ...":
# a name (its initials first) or title in capitals, then a group or an office, then a full stop
_DOTTED_LABEL = re.compile(
    r"^(?P<label>(?:[A-ZÀ-ÞĀ-Ž]\.\s*){0,2}[A-ZÀ-ÞĀ-Ž][A-ZÀ-ÞĀ-Ž’'\-]+(?:\s+[A-ZÀ-ÞĀ-Ž][A-ZÀ-ÞĀ-Ž’'\-]+){0,4}"
    r"(?:\s*\([^()]{2,40}\)|,\s+[A-Z][\w’'\-]*(?:\s+(?:of|for|and|the|in|[A-Z][\w’'\-]*)){0,8})?)\.\s+(?=[A-Z])")
_HEADING = re.compile(r"^[A-ZÀ-ÞĀ-Ž][A-ZÀ-ÞĀ-Ž .’'\-]{1,40}:\s")  # "ISRAEL: ...": a roundup's heading opens a new item, no turn goes on
_PLAIN_Q = re.compile(r"^Q\.?\s+(?=[A-Z“\"‘'])")
# a mixed-case name alone as a label ("Daniel Kereama:"), taken only where another label names that person,
# or in a parliamentary record
_NAME_LABEL = re.compile(r"^(?P<label>[A-ZÀ-ÞĀ-Ž][\w’'\-]+(?:\s+(?:[A-ZÀ-ÞĀ-Ž][\w’'\-]+|bin|binti|bte|al|de|van|von)){1,5})\s*:\s+(?=\S)")


def speaker_labels(paragraphs: Sequence[str], lexicon: ActorLexicon, record: bool = False) -> list[tuple[str, int] | None]:
    """Each paragraph's transcript label (_label), None where there is none or where it is only a
    place: "NEW DELHI:" opens a story, it names no speaker. A surname alone ("ADLER:") stands for the
    full label it shortens ("MICHAL ADLER, HOST:"), so the role carries to every turn. In a text
    whose title or outlet calls it a parliamentary record (record=True), a name alone is a label."""
    labels = [None if lab and _is_dateline(lab[0], lexicon) else lab for lab in map(_label, paragraphs)]
    plain_q = [_PLAIN_Q.match(text) for text in paragraphs]
    if sum(bool(m) for m in plain_q) >= 2:
        # "Q Thanks, Dana. ...": a briefing transcript that writes its reporters' turns without a colon
        labels = [("Q", m.end()) if m and not lab else lab for lab, m in zip(labels, plain_q, strict=True)]
    if labels and labels[0] and labels[0][0].isupper() and labels[0][0] not in ("Q", "A") and not any(labels[1:]):
        labels[0] = None  # "LAHAD DATU: ...": a dateline the lexicon does not know, in a story with no speakers' turns
    # a record that ends its labels with a full stop ("PRESIDENT.", "NAME (Group).", "NAME, Minister of
    # Defence."): taken only where three or more paragraphs open so, so that no sentence reads as a label
    dotted = [None if lab else _DOTTED_LABEL.match(text) for lab, text in zip(labels, paragraphs)]
    if sum(bool(m) for m in dotted) >= 3:
        labels = [(_title_case(m.group("label")) if m.group("label").isupper() else m.group("label"), m.end())
                  if m else lab for lab, m in zip(labels, dotted)]
    full: dict[str, set[str]] = {}
    for lab in labels:
        if lab:
            head = re.split(r"\s*[,(]", lab[0], maxsplit=1)[0]
            name = head.split()
            if len(name) >= 2 and lab[0] != name[-1]:
                full.setdefault(name[-1].lower(), set()).add(lab[0])
            if head != lab[0]:  # "Hon HELEN MARSTERS:" shortens "Hon HELEN MARSTERS (Minister of Defence):"
                full.setdefault(head.lower(), set()).add(lab[0])
            inner = re.fullmatch(r"[^()\[\]]+[(\[](?P<name>[A-ZÀ-ÞĀ-Ž][\w’'\-]+(?:\s+(?:[A-ZÀ-ÞĀ-Ž][\w’'\-]+|bin|binti|bte|al|de|van|von)){1,5})[)\]]", lab[0])
            if inner:  # "Martin Eckersley:" after "The Secretary of State for Defence (Martin Eckersley):"
                full.setdefault(inner.group("name").lower(), set()).add(lab[0])
    for i, text in enumerate(paragraphs):
        # a mixed-case name alone ("Daniel Kereama:") is a label where another label names that person
        m = None if labels[i] else _NAME_LABEL.match(text)
        if m and record and not full.get(m.group("label").lower()) and len(m.group("label").split()) >= 2:
            labels[i] = (m.group("label"), m.end())
        elif m and len(full.get(m.group("label").lower(), ())) == 1:
            labels[i] = (m.group("label"), m.end())
    out = []
    for lab in labels:
        key = lab[0].lower() if lab else ""
        if lab and key not in full and re.fullmatch(r"(?:Deputy|Senator|Minister|Mr|Mrs|Ms|Dr)\.?\s+\S+", lab[0]):
            key = lab[0].split()[-1].lower()  # "Deputy Sieradzki:" shortens "Deputy Bogdan Sieradzki (PiS):"
        out.append((next(iter(full[key])), lab[1]) if lab and len(full.get(key, ())) == 1 else lab)
    return out


def _is_dateline(label: str, lexicon: ActorLexicon) -> bool:
    """Whether a capitalised label is only a place the lexicon knows ('NEW DELHI', 'PARIS')."""
    found = lexicon.matches(_title_case(label))
    return len(found) == 1 and found[0].kind == "name" and found[0].text.lower() == label.lower()


def _title_case(label: str) -> str:
    """'PENTAGON PRESS SECRETARY MAJ. GEN. CARLA BENNING' -> 'Pentagon Press Secretary Maj. Gen. Carla Benning'."""
    out = []
    for i, w in enumerate(label.split()):
        if w in ("U.S.", "U.K.", "U.N."):
            out.append(w)
        elif i and w in ("OF", "FOR", "AND", "THE", "IN", "ON", "AT", "TO"):
            out.append(w.lower())  # "MINISTER OF STATE FOR DEFENCE" -> "Minister of State for Defence"
        elif len(w.strip(".")) <= 3 and w.strip(".").isalpha() and w.upper() in ("MP", "MPS", "PM", "SEN.", "REP.", "GEN.", "MR.", "MS.", "DR.", "LT.", "COL.", "MAJ.", "ADM.", "SEC.", "MRS.", "CAPT."):
            out.append(w.capitalize() if w.endswith(".") else w.upper())
        else:
            # the first letter up, the rest down: "(SOCIALIST" -> "(Socialist", not "(socialist"
            out.append("-".join(re.sub(r"^(\W*)(\w)", lambda m: m.group(1) + m.group(2).upper(), p.lower())
                                for p in w.split("-")))
    return " ".join(out)


# ---------------------------------------------------------------------------------------------
# Memory of titled names


_TITLED_NAME = re.compile(
    r"(?:\s+|,\s+)(?:(?:Dr|Mr|Mrs|Ms|Prof|(?:Rt\.?\s+)?Hon)\.?\s+)?(?P<name>(?:" + _INITIAL + r"){0,2}(?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’\-]+|al-[\w'’\-]+)"
    r"(?:\s+(?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’\-]+|al-[\w'’\-]+|de|van|von|bin|da|del)){0,5})"
)
_NAME_APPOSITIVE = re.compile(
    r"(?P<name>[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’\-]+(?:\s+(?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’\-]+|al-[\w'’\-]+)){1,3}),\s+"
    r"(?P<desc>(?:a|an|the|who)\s[^,;▮]{3,90})"
)


def remember_names(paragraphs: Sequence[str], lexicon: ActorLexicon, home: str) -> dict[str, tuple[str, str]]:
    """Surname -> (voice, mention) for every person named with a title, description or party tag in the article."""
    people: dict[str, tuple[str, str]] = {}
    for text in paragraphs:
        label = _label(text)
        if label and label[0] not in ("Q", "A"):
            name = _title_case(label[0])
            voice, _ = categorize(name, lexicon, home, nearest=True)
            head = re.split(r"\s*\(", name, maxsplit=1)[0] or name  # "(Oakville East, Lib.)" names no one
            names = plain_names(head, lexicon.matches(head))
            if voice and names:
                people.setdefault(surname(names[-1][1]), (voice, name))
        masked = mask_quotes(text, scan_quotes([text])[0])
        found = lexicon.matches(masked)
        starts = {m.start for m in found}
        for m in found:
            if m.kind == "name":
                continue
            # "Sen. Glenn Ashby", "Defense Secretary Roland Tisdale", "Iran's foreign ministry spokesman, Kazem Rostami"
            nm = _TITLED_NAME.match(masked, m.end)
            if not nm or nm.start("name") in starts or nm.group("name").split()[0] in _NOT_NAMES:
                continue
            if ("," in nm.group(0) and m.kind != "weak" and not re.match(r",\s+(?:Rt\.?\s+)?Hon\b", nm.group(0))
                    and not re.search(r"(?i)spokes|official|minister|secretary|commander|director|chief|leader|ambassador|envoy", m.text)):
                continue  # "… the Pentagon, Defense Secretary X": a list, not a title ("…, Hon. X" is the holder)
            window_start = max(0, masked.rfind(". ", 0, m.start) + 1, masked.rfind("▮", 0, m.start) + 1,
                               masked.rfind(" and ", 0, m.start) + 4 if masked.rfind(" and ", 0, m.start) > masked.rfind(",", 0, m.start) else 0)
            comma = masked.rfind(", ", 0, m.start)
            if comma > window_start and len(masked[window_start:comma].split()) > 6:
                # "Iceland will close its embassy in Moscow, Foreign Minister X announced": the clause
                # before the comma is what was said, not a qualifier of the title ("In Tehran, ...")
                window_start = comma + 1
            mention = masked[window_start:nm.end()].strip(" ,")
            key = surname(nm.group("name"))
            if m.kind == "weak":
                # "spokesman X", "Col. X": whose side is not known from the title alone, unless a body
                # owns the title right before it ("the Interior Ministry's spokesperson, Dr. X")
                owner = next((o for o in found if o.kind not in ("name", "weak") and o.end <= m.start
                              and re.fullmatch(r"(?:[’']s)?\s+", masked[o.end:m.start])), None)
                if owner is None:
                    continue
                mention = masked[owner.start:nm.end()]
            voice, _ = categorize(mention, lexicon, home, allow_names=False, nearest=True)
            if _KIN_BEFORE.search(masked[max(0, m.start - 80):m.start]):
                continue  # "daughter of former Vice President X": a relative, who shares the speaker's surname
            if voice and voice != NARRATION and key:
                people[key] = (voice, masked[m.start:nm.end()].strip(" ,"))
        for ap in _NAME_APPOSITIVE.finditer(masked):
            # "Lena Hartsfield, a security analyst at ...": the description says who she is
            if ap.start("name") in starts:
                continue
            voice, _ = categorize(ap.group("desc"), lexicon, home, allow_names=False)
            key = surname(ap.group("name"))
            if voice and voice != NARRATION:
                people.setdefault(key, (voice, ap.group(0)))
        # "Glenn Ashby, R-S.C." / "Ingrid Sandoval (D-N.M.)": a party-state tag marks a legislator
        for t in re.finditer(r"(?P<name>[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){0,3})\s*(?:,\s*|\()\s*[RDI]-[A-Z][A-Za-z.]*", masked):
            voice = categorize(t.group(0), lexicon, home, allow_names=False, nearest=True)[0] or "congress"
            people[surname(t.group("name"))] = (voice, t.group(0))
        # "the Ministry of National Defense (MND)": the article calls the body by its initials later
        for m in found:
            acr = _ACRONYM_AFTER.match(masked, m.end)
            if m.kind != "name" and acr and not lexicon.matches(acr.group("acr")):
                voice, _ = categorize(masked[m.start:m.end], lexicon, home, allow_names=False)
                if voice and voice != NARRATION:
                    people.setdefault(acr.group("acr"), (voice, masked[m.start:acr.end()]))
    return people


_ACRONYM_AFTER = re.compile(r"\s*\((?P<acr>[A-Z]{2,6})\)")


def full_name_surnames(paragraphs: Sequence[str]) -> set[str]:
    """Last words of the capitalised two-to-four-word names in an article ('Andrea Harlow' -> 'Harlow')."""
    out: set[str] = set()
    for text in paragraphs:
        for m in re.finditer(r"(?<![\w.])([A-ZÀ-ÖØ-ÞĀ-Ž][a-zà-ÿā-ž’'\-]+)(?:\s+(?:[A-ZÀ-ÖØ-ÞĀ-Ž][a-zà-ÿā-ž’'\-]+|al-[\w'’\-]+|de|van|von|bin)){1,3}", text):
            if m.group(1) not in _NOT_NAMES:
                out.add(surname(m.group(0)))
    return out


def detect_home(paragraphs: Sequence[str], lexicon: ActorLexicon, title: str = "", when: date | None = None,
                record: str | None = None, outlet: str | None = None) -> str:
    """The acting country of an article: legislature (x2) and executive terms, names in the lead, the
    head of government its title names (office holders as of `when`), and the country whose
    parliamentary record or official text the article is (`record`: a parliament debates its own
    country's action); failing all these, a country the lexicon knows only by name (_named_instead),
    to which the outlet's country (`outlet`, from its web domain) counts as much as the title."""
    if not lexicon.detect_home:
        return lexicon.home
    body = "\n".join(paragraphs)
    found = lexicon.matches(body)
    named = Counter(m.country for m in found if m.kind == "name" and m.country)
    in_title = Counter(m.country for m in lexicon.matches(title) if m.kind == "name" and m.country)
    owners = [(m, lexicon.term_countries(m.kind, m.text) or [m.country])
              for m in found if m.country and m.kind in ("legislature", "executive")]
    # countries whose own institutions (terms no other country uses) the article names
    own = Counter(c[0] for _, c in owners if len(c) == 1)
    from_outlet = Counter({outlet: 1} if outlet else {})
    evidence: dict[str, float] = {}
    for m, candidates in owners:
        # a term several countries use ("Senate", "Labour") goes to the one whose own institutions
        # are named, else to the one the article names most
        present = [c for c in candidates if own.get(c)]
        country = present[0] if len(present) == 1 else _resolve_shared(present or candidates, named + in_title + from_outlet, lexicon.home)
        if country:
            evidence[country] = evidence.get(country, 0) + (2 if m.kind == "legislature" else 1)
    if record:
        evidence[record] = evidence.get(record, 0) + 3
    scores = dict(evidence)
    for m in lexicon.matches(paragraphs[0] if paragraphs else ""):
        # names in the lead count only for countries whose institutions the article mentions
        if m.country in evidence and m.kind == "name":
            scores[m.country] += 1
    for _, person, in_office in lexicon.named_people(title, when):
        # the headline names the actor ("As <president> pulls out, the world reacts")
        if in_office and person.branch == "executive":
            scores[person.country] = scores.get(person.country, 0) + 2
    reacted = _TITLE_REACTIONS.search(title)
    if reacted:
        # "Reactions to Zimbabwe's army deployment": a roundup whose title names the actor; the governments
        # and parliaments reacting in it are the others
        actor = [m for m in lexicon.matches(reacted.group("who")) if m.kind == "name" and m.country]
        if len(actor) == 1:
            scores[actor[0].country] = scores.get(actor[0].country, 0) + 10
    acts = _TITLE_ACT.match(_TITLE_KIND.sub("", title))
    if acts:
        # a headline whose subject is a country doing a military act ("Israel strikes Syrian arms
        # depots"); not one reacting ("Pakistan criticizes raid"), which names the other side
        actor = [m for m in lexicon.matches(acts.group("who")) if m.kind == "name" and m.country]
        if len(actor) == 1 and actor[0].text == acts.group("who"):
            scores[actor[0].country] = scores.get(actor[0].country, 0) + 2
    if not scores:
        best_home = lexicon.home
    else:
        best = max(scores.values())
        leaders = [c for c, s in scores.items() if s == best]
        best_home = lexicon.home if lexicon.home in leaders or len(leaders) > 1 else leaders[0]
    counts = named + in_title + in_title + from_outlet + from_outlet
    # an executive the title names ("Pentagon Press Secretary ... Holds a Briefing") keeps its country too
    return _named_instead(best_home, counts, [*found, *lexicon.matches(title)], lexicon, own)


def _named_instead(home: str, counts: Counter, found: Sequence[Match], lexicon: ActorLexicon, own: Counter) -> str:
    """The country the article is about when the lexicon knows only its name ("Ghana", "Chile") and
    the detected home stands on parliament words many countries share ("the House", "Senate"): a
    home with no executive in the article that is never named, or named half as often or less
    with no institution of its own (counts: name mentions, the title's and the outlet's twice),
    yields to the unique most named country the lexicon has no institutions for."""
    if any(m.kind == "executive" and m.country == home for m in found):
        return home
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return home
    top, most = ranked[0]
    # a home the article names keeps its place if an institution of its own is named too, or its name nearly as often
    if top == home or (counts.get(home) and (own.get(home) or 2 * counts[home] > most)):
        return home
    return top if lexicon.names_only(top) else home


_TITLE_REACTIONS = re.compile(r"(?i:\breactions?\s+to|\breacts?\s+to|\bresponds?\s+to)\s+(?P<who>[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){0,2})[’']s\s")
_TITLE_KIND = re.compile(r"^(?:analysis|explainer|live|factbox|opinion|update|breaking)\s*[:\-–—]\s*", re.IGNORECASE)  # "Analysis: Panama sends ..."
_TITLE_ACT = re.compile(r"^(?P<who>[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){0,2})\s+(?:to\s+)?(?:strikes?|bombs?|raids?|"
                        r"launch(?:es)?|deploys?|sends?|orders?|seizes?|withdraws?|pulls?\s+out|attacks?|invades?|"
                        r"stations?|shoots?\s+down|hits?)\b")


def article_home(paragraphs: Sequence[str], lexicon: ActorLexicon, source: Source | None) -> str:
    """detect_home with what the article's source tells: its title, date and (for a parliamentary
    record, or an official text whose outlet names one country) its issuer's country. Give the
    paragraphs with the lead's dateline still on: its place names a country."""
    if source is None:
        return detect_home(paragraphs, lexicon)
    found = lexicon.issuer(source.url, source.outlet)
    issuer_country = found[0] if found and found[1] == "record" else None
    if found is None and (_GOVERNMENT_HOST.search(_host(source.url)) or _OFFICIAL_TITLE.search(source.title or "")
                          or _OFFICE_OUTLET.match(source.outlet or "")):
        # a government's own site, or an official title, whose outlet names one country by name or
        # institution ("Ministry of National Defence (Portugal)", "Jatiya Sangsad Secretariat")
        named = {m.country for m in lexicon.matches(source.outlet or "")
                 if m.country and (m.kind == "name" or (m.kind in ("executive", "legislature")
                                                        and len(lexicon.term_countries(m.kind, m.text)) <= 1))}
        issuer_country = next(iter(named)) if len(named) == 1 else None
    return detect_home(paragraphs, lexicon, source.title or "", source.when(), record=issuer_country,
                       outlet=lexicon.outlet_country(source.url))


def _resolve_shared(candidates: Sequence[str], named: Counter, home: str) -> str | None:
    """The country an institution term several countries use ("Congress", "House of Commons",
    "Conservatives", "Foreign Office") belongs to in this article: the candidate the article names
    most; with none of them named, the default home if it is a candidate, else no one."""
    if len(candidates) == 1:
        return candidates[0]
    most = max(named.get(c, 0) for c in candidates)
    if most == 0:
        return home if home in candidates else None
    top = [c for c in candidates if named.get(c, 0) == most]
    return top[0] if len(top) == 1 else (home if home in top else None)


# ---------------------------------------------------------------------------------------------
# One article


_OFFICIAL = re.compile(
    r"\b(?:issued|released)\s+the\s+following\s+statement\b|^(?:[A-Z][\w.,\s]{0,40}—\s*)?Today(?:,|\s+we\b)|"
    r"\btoday\s+(?:introduced|announced|applauded|called|released|issued|approved|urged|unveiled|sent|filed|submitted|"
    r"welcomed|condemned|joined|led|wrote|demanded|praised|commended)\b|\bhas\s+today\s+\w+|"
    r"\b(?:announced|said|stated|issued|released|confirmed)\s+today\b|"
    # a ministry's notice: "The Ministry of National Defence informs (the public) that ..."
    r"^(?:[A-Z][\w.,\s]{0,40}[—–]\s*)?The\s+(?:[A-Z][\w’'\-]*\s+|of\s+|and\s+){1,8}informs\s+(?:the\s+public\s+)?that\b",
)
# release boilerplate, at the start of one of the last paragraphs or of a sentence in them
# ("RK/VV/PR. For media queries: ...", "(Release ID: 2109384)")
# a release signed off by its office on a line of its own: "Office of Communications and Press — Ministry of
# National Defence", "The Official Spokesman of the Armed Forces"
_OFFICE_SIGNATURE = re.compile(r"^(?:[A-Z][\w .,’']{0,40}\d{4}\.?\s*[—–-]+\s*)?(?:The\s+)?(?:Official\s+)?(?:(?:Press\s+|Media\s+)?Office|Directorate|Bureau|Division|Press\s+Service|"
                               r"Public\s+(?:Affairs|Relations|Information)|Spokes(?:man|woman|person))\b[^.!?]{0,100}$")
# a release's dateline gives the year ("Zagreb, 18 May 2026 – ..."); a news dateline seldom does ("LONDON, May 18 (Reuters) -")
_RELEASE_DATELINE = re.compile(r"^[A-ZÀ-ÞĀ-Ž][\w .’'\-]{1,30},\s+(?:\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\s+\d{1,2},?)\s+(?:19|20)\d\d\s*[.–—-]")
# an outlet that is itself an office: "Ministry of Defence of the Republic of Croatia", "Office of Senator X"
_OFFICE_OUTLET = re.compile(r"^(?:The\s+)?(?:Office|Ministry|Department|Embassy|Presidency|Secretariat|Cabinet|Government|Press\s+Office|Chancellery|"
                            r"Minist[eè]re|Ministerio|Secretar[ií]a|Presidencia|Présidence)\b")
_OFFICIAL_TAIL = re.compile(r"(?:^|[.;]\s+)(?:###|-30-|(?:Media|Press) (?:queries|inquiries|contacts?)|For (?:media queries|media inquiries|more "
                            r"information|further information)|(?:Further|More) information\s*:|Contact:)|\(Release ID\b", re.IGNORECASE)


def _is_official(paragraphs: Sequence[str]) -> bool:
    """A press release: the lead announces the issuer's own action 'today', or the tail is release boilerplate."""
    if not paragraphs:
        return False
    return bool(_OFFICIAL.search(paragraphs[0]) or any(_OFFICIAL_TAIL.search(p) for p in paragraphs[-2:])
                or _OFFICE_SIGNATURE.match(paragraphs[-1].strip()) or _RELEASE_DATELINE.match(paragraphs[0]))


_OFFICIAL_TITLE = re.compile(
    r"\b(?:remarks|statement|statements|communiqu[eé]|press\s+(?:release|briefing|conference)|readout|transcript|testimony|"
    r"speech|letter|responds|briefing|op-ed|address|debates?|hansard)\b", re.IGNORECASE)
_AUTHOR_NOTE = re.compile(r"^\s*(?:The\s+(?:writer|author)|[A-Z][\w’'.\-]+(?:\s+[A-Z][\w’'.\-]+){1,3})\s+(?:is|was|serves\s+as)\s+")
_MINISTERIAL = re.compile(r"\bMinisterial\s+Statements?\b|\bStatement\s+by\s+the\s+(?:Prime\s+)?Minister\b", re.IGNORECASE)
FIRST_PERSON = re.compile(r"\b(?:[Ww]e|[Oo]urs?|[Uu]s|I|[Mm]y|[Mm]e)\b")  # not "US"


def _first_person_share(masked: Sequence[str]) -> float:
    """Share of paragraphs whose own words (quotes masked) speak in the first person."""
    return sum(bool(FIRST_PERSON.search(m)) for m in masked) / len(masked) if masked else 0.0


@dataclass(frozen=True)
class Source:
    """Where an article comes from, as far as attribution cares: its URL, outlet and title."""

    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD (or YYYY-MM, YYYY): who was in office then

    def when(self) -> date | None:
        """The article's date as a date (the first day of a month or year given alone), else the
        date in its URL's path ("/2019/10/07/"); None if unknown."""
        m = re.match(r"^\s*(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", self.date or "")
        if not m:
            return url_date(self.url)
        try:
            return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
        except ValueError:
            return None


# a year and month (and day) as path segments, as news sites file their pages: /2017/06/ or /2019/10/07/
_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/(?:(0[1-9]|[12]\d|3[01])/)?")


def url_date(url: str | None) -> date | None:
    """The date a URL's path files its page under (the 1st when it gives only the month); None if none."""
    m = _URL_DATE.search(urlsplit(url).path + "/") if url else None
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        return None


class People(dict):
    """Surname -> (voice, mention) remembered in one article; `known` holds the keys that come from people.toml."""

    known: frozenset[str] = frozenset()
    named: frozenset[str] | None = None  # the countries the article names (None: not known)


# a government's web host: "defensa.gob.es", "mod.go.jp", "army.mil", "pib.gov.in", "forces.gc.ca"
_GOVERNMENT_HOST = re.compile(r"(?:^|\.)(?:gov|gob|go|gouv|govt|gv|mil)(?:\.[a-z]{2})?$|\.gc\.ca$")


def official_issuer(source: Source | None, paragraphs: Sequence[str], masked: Sequence[str], lexicon: ActorLexicon,
                    home: str, people: dict[str, tuple[str, str]]) -> tuple[str, str, str] | None:
    """(voice, issuer, evidence) when the article is an official text of a [source] issuer, else None.

    The domain or outlet alone is not enough (news stories are reposted on members' and
    ministries' sites): the text must also read as official, by its title ("Statement on ...",
    "Remarks by ..."), its first-person voice, a release's form, or transcript speaker labels.
    """
    if source is None:
        return None
    found = lexicon.issuer(source.url, source.outlet)
    title = source.title or ""
    labels = speaker_labels(paragraphs, lexicon, record_source(source))
    first_person = _first_person_share(masked)
    if found is None and _GOVERNMENT_HOST.search(_host(source.url)) and not _debate(labels):
        # a government's own site the lexicon does not list ("mindefensa.gov.co"): the office its
        # outlet or title names is the issuer (a debate on a parliament's site is each speaker's)
        for span in (source.outlet or "", title):
            voice, _ = categorize(span, lexicon, home, people)
            if voice in ("administration", "congress"):
                found = (home, "executive" if voice == "administration" else "legislature", _host(source.url))
                break
        else:
            if _OFFICIAL_TITLE.search(title) and _OFFICE_OUTLET.match(source.outlet or ""):
                # "Press release No. 87" from the "Secretariat of Security" on a government site: an office of
                # the government whose name the lexicon does not know
                found = (home, "executive", _host(source.url))
    if found is None and first_person >= 0.3:
        # an opinion piece in the first person signed off with who wrote it ("The writer is a
        # senator from ...", "Jane Doe is the ranking member of ..."): the writer's voice throughout
        for text in paragraphs[-2:][::-1]:
            note = _AUTHOR_NOTE.match(text)
            if note:
                voice, evidence = categorize(text[note.end():], lexicon, home, people)
                if voice in ("administration", "congress", "foreign"):
                    return voice, evidence, f"opinion piece in the first person by {evidence} (its author note)"
    if found is None:
        # no known issuer, but remarks or a statement in the first person: the person its title
        # names; a transcript of several speakers (a broadcast, a hearing) is no one's statement,
        # unless reporters' "Q:" make it a briefing
        # ... or a release in the first person ("Today we signed ..."): the office its outlet names
        release = _is_official(paragraphs) and not any(labels)
        if release and (_OFFICIAL_TITLE.search(title) or _OFFICE_OUTLET.match(source.outlet or "")):
            # "Press release: ..." with a release's form, in the third person ("The Ministry informs that")
            voice, evidence = categorize(source.outlet or "", lexicon, home, people)
            if voice in ("administration", "congress", "foreign"):
                return voice, evidence, f"official text under an official title, issued by: {evidence}"
        if ((_OFFICIAL_TITLE.search(title) or release) and first_person >= 0.3
                and (not _debate(labels) or any(lab and lab[0] == "Q" for lab in labels))):
            for span in (title, masked[0] if masked else "") + ((source.outlet or "",) if release else ()):
                voice, evidence = categorize(span, lexicon, home, people)
                if voice in ("administration", "congress", "foreign"):
                    return voice, evidence, f"official text in the first person, issued by: {evidence}"
        return None
    country, branch, key = found
    form = ("title" if _OFFICIAL_TITLE.search(title) else
            "first person" if first_person >= 0.25 else
            "release form" if _is_official(paragraphs) else
            "speaker labels" if any(labels) else "")
    if not form:
        return None
    if branch == "record":
        # a parliamentary record: the voice of the speaker its title or first label names; a debate
        # has no one issuer, each turn is its speaker's
        if _debate(labels):
            return None
        label = next((lab for lab in labels if lab and lab[0] not in ("Q", "A")), None)
        for span in ([_title_case(label[0])] if label else []) + [title]:
            voice, evidence = categorize(span, lexicon, home, people)
            if voice in ("administration", "congress", "foreign"):
                return voice, span, f"parliamentary record ({key}), speaker {evidence}"
        # a minister's statement to the house speaks for the government
        branch = "executive" if _MINISTERIAL.search(title) else "legislature"
    voice = ("administration" if branch == "executive" else "congress") if country == home else "foreign"
    return voice, f"{country} {branch}", f"official text of the {country} {branch} ({key}; {form})"


# a title or outlet that names a parliamentary record: "Riigikogu Stenographic Record", "Official Report
# (Hansard)", "Plenary sitting of 14 May", "Folketing question hour", "Integral Report"
_RECORD_SOURCE = re.compile(
    r"(?i)\b(?:stenographic|verbatim|hansard|official\s+report|integral\s+report|plenary|sitting\s+of|"
    r"(?:parliamentary|chamber|sitting)\s+record|record\s+of\s+(?:proceedings|(?:plenary\s+)?debates)|"
    r"question\s+(?:hour|time|period)|information\s+hour|oral\s+questions)\b")


def record_source(source: Source | None) -> bool:
    """Whether the source's title or outlet calls the text a parliamentary record."""
    return source is not None and bool(_RECORD_SOURCE.search(f"{source.title or ''} | {source.outlet or ''}"))


def is_record(source: Source | None, labels: Sequence[tuple[str, int] | None], lexicon: ActorLexicon) -> bool:
    """Whether an article is a parliamentary record: from a parliament's record domain, or with a
    chair's turns or two members' turns ("Ms. X (Group):") among its speaker labels, or with two
    speakers' labels under a title or outlet that calls it a record (record_source)."""
    found = lexicon.issuer(source.url, source.outlet) if source is not None else None
    return ((found is not None and found[1] == "record" and any(labels))
            or (record_source(source) and _debate(labels))
            or any(lab and _PRESIDING.match(lab[0]) for lab in labels)
            or (any(lab and _CHAIR.match(_title_case(lab[0])) for lab in labels)
                and any(lab and _member(lab[0]) for lab in labels))
            or sum(bool(lab and (m := _member(lab[0])) and m.group("honorific")) for lab in labels) >= 2)


def _debate(labels: Sequence[tuple[str, int] | None]) -> bool:
    """Whether the speaker labels name more than one speaker (a debate, not one member's speech)."""
    return len({lab[0] for lab in labels if lab and lab[0] not in ("Q", "A")}) >= 2


def _pick(atts: list[Attribution]) -> Attribution | None:
    """The attribution that decides the paragraph: the first with a specific voice, else a generic one, else any."""
    voiced = [a for a in atts if a.voice]
    strong = [a for a in voiced if a.strength >= 2]
    return strong[0] if strong else voiced[0] if voiced else (atts[0] if atts else None)


def _row(q: Quotes, text: str) -> dict:
    """An empty attribution row for one paragraph."""
    return {"voice": "", "speaker": "", "cue": "", "cue_class": "", "quoted_words": q.words(text), "evidence": "", "rule": ""}


_HOST = re.compile(r"(?i)\b(?:anchor|host|moderator|presenter|interviewer)\b")


def _asks(text: str) -> bool:
    """Whether a paragraph ends with a question."""
    return text.rstrip(" \"”’')").endswith("?")


# what only a programme's host says: welcomes, hand-overs, callers, clips, the break
_HOST_TURN = re.compile(
    r"(?i)\b(?:welcome\s+to|you[’']re\s+(?:listening\s+to|on)\b|on\s+the\s+line\s+(?:with\s+(?:us|me)|now)|joining\s+us|"
    r"let[’']s\s+(?:bring\s+in|listen|hear|go\s+(?:to|back))|we\s+have\s+a\s+caller|go\s+ahead,|after\s+the\s+(?:break|news)|"
    r"stay\s+with\s+us|our\s+(?:main|top|lead)\s+story|is\s+with\s+(?:me|us)\b|we\s+will\s+follow\s+this)")


def _hosts(paragraphs: Sequence[str], labels: Sequence[tuple[str, int] | None], lexicon: ActorLexicon, home: str,
           people: dict[str, tuple[str, str]]) -> set[str]:
    """The transcript labels of a host: named so ('MEERA KULKARNI (ANCHOR)', 'MODERATOR'), or, beside
    other speakers, a name with no office whose turns mostly end in a question ('HOLLIS') or of
    which two welcome, hand over or go to a caller (_HOST_TURN)."""
    turns: dict[str, list[bool]] = {}
    handovers: Counter = Counter()
    for text, lab in zip(paragraphs, labels, strict=True):
        if lab and lab[0] not in ("Q", "A"):
            turns.setdefault(lab[0], []).append(_asks(text))
            handovers[lab[0]] += bool(_HOST_TURN.search(text))
    out = {name for name in turns if _HOST.search(name)}
    for name, asks in turns.items():
        if (len(turns) >= 2 and len(asks) >= 2 and (sum(asks) >= len(asks) / 2 or handovers[name] >= 2) and not _member(name)
                and _score(_title_case(name), lexicon, home, people)[0] in ("", "other")):
            # (a member asking questions, "Mr. X (Riding, CPC)", is no host)
            out.add(name)
    return out


def _label_attribution(name: str, lexicon: ActorLexicon, memory: Memory, briefing: bool,
                       issuer_voice: str, issuer: tuple[str, str, str] | None = None,
                       record: bool = False, hearing: bool = False, hearing_record: bool = False) -> Attribution:
    """The speaker of a transcript label: lexicon on the title-cased label, memory, or the briefing's
    issuer; in a parliamentary record (record=True) the chair's turns are procedure and an untitled
    member's are the legislature's, as in a hearing that its title calls one (hearing_record=True)."""
    if record and (_PRESIDING.match(name) or _CHAIR.match(name)):
        return Attribution(name, ":", "neutral", NARRATION, f"transcript label '{name}:' (the chair of the sitting)", 0, "label")
    titled = _title_case(name)
    voice, evidence, _ = _score(titled, lexicon, memory.home, memory.people)
    if not voice and name.isupper() and any(m.start == 0 and m.end == len(name) for m in lexicon.matches(name)):
        voice, evidence, _ = _score(name, lexicon, memory.home, memory.people)  # "NEOS:": a party's heading, by its capitals
    bare = re.sub(r"\([^()]*\)", "", titled)  # "CALLER (MOHAMED, WELLINGTON)": no role inside the brackets
    role = bare.split(",", 1)[1] if "," in bare else ""
    if not role and (office := re.search(r"\([^()]*?[—–]\s*(?P<role>[^()]+)\)", name)):
        role = office.group("role")  # "Senator X (Victoria—Minister for Defence)": a senator who is a minister
    elif (not role and (not voice or evidence.startswith("named speaker without a title"))
          and (office := _member(name)) and office.group("group")
          and any(m.kind == "term" for m in lexicon.matches(office.group("group")))):  # an office, not a party or a place
        role = office.group("group")  # "IBRAHIM KAMARA (APC MP):": the office in brackets
    if role:
        # "ADMIRAL SIR X, FORMER FIRST SEA LORD": the role after the name says who speaks
        role_voice, role_evidence, _ = _score(role, lexicon, memory.home, memory.people)
        if re.search(r"(?i)\b(?:correspondent|reporter|anchor|host|presenter)\s*$", role.strip()):
            # "MERIDIAN PENTAGON CORRESPONDENT": the beat is no speaker, the programme's reporter is
            role_voice, role_evidence = NARRATION, role.strip()
        if role_voice:
            voice, evidence = role_voice, role_evidence
    if hearing and voice in ("", "other") and re.match(r"(?i)(?:the\s+)?(?:chair|chairman|chairwoman|ranking\s+member)\b", titled):
        voice, evidence = "congress", "the chair of a hearing whose other speakers are legislators"
    if record and voice in ("", "other") and (m := _member(name)):
        voice, evidence = "congress", f"a member's turn in a parliamentary record ({m.group('group') or m.group('seat')})"
    if not voice and briefing:
        voice, evidence = issuer_voice, "speaker label in a Q&A briefing"
    if not voice:
        voice, evidence, _ = _resolve(titled, lexicon, memory)
    if record and evidence.startswith("named speaker without a title") and issuer is None:
        voice, evidence = "congress", "a speaker with no office in a parliamentary record: a member"
    elif hearing_record and evidence.startswith("named speaker without a title") and issuer is None:
        voice, evidence = "congress", "a speaker with no office in a legislators' hearing: a member"
    if (not voice or evidence.startswith("named speaker without a title")) and issuer is not None:
        # "STAFF:" or an unknown name in a ministry's own transcript speaks for the ministry
        voice, evidence = issuer[0], f"a speaker in the {issuer[1]}'s own text"
    if re.fullmatch(r"(?i)reporter|journalist|question|audience member", titled):
        voice, evidence = NARRATION, "a reporter's turn"
    evidence = f"transcript label '{name}:'" + (f" ({evidence})" if evidence else "")
    return Attribution(name, ":", "neutral", voice or "other", evidence, 0, "label")


# the finding of a report, a count or data a named body made: "A report by the Auditor-General ... found",
# "Data compiled by X, a maritime analytics firm, showed", "By the count of X, a research group, ..."
_FINDING = re.compile(
    r"\b(?:report|study|survey|analysis|audit|review|data|figures|count|tally|estimates?|assessment|investigation)\s+"
    r"(?:(?:compiled|published|released|tabled|prepared|produced|issued|commissioned|conducted|gathered)\s+)?by\s+"
    r"(?P<who>[A-Z][^,;▮]{1,80}?|the\s+[^,;▮]{2,80}?)"
    r"(?=,|\s+(?:tabled|published|released|in\s+\w+|last\s+\w+|this\s+\w+|on\s+\w+)?\s*(?:found|finds|showed|shows|concluded|"
    r"concludes|suggests|suggested|estimated|estimates|puts|put|counted|counts|recorded|records)\b)"
    r"|^(?:By|According\s+to)\s+(?:the\s+)?(?:count|tally|figures|data|estimates?)\s+(?:of|from)\s+(?P<who2>[^,;▮]{2,80}?),")
_OUTSIDE_BODY = re.compile(r"^,\s+(?:a|an)\s+[^,;▮]{0,60}?\b(?:firm|group|institute|organi[sz]ation|monitor|centre|center|"
                           r"think\s+tank|foundation|observatory|watchdog|consultancy|company|network|project|charity|NGO)\b")


def _finding(masked: str, lexicon: ActorLexicon, memory: Memory) -> tuple[str, str, str] | None:
    """(voice, body, evidence) of a paragraph built on a named body's report, count or data (_FINDING):
    the body's voice, or other for a body the lexicon does not know that the text calls a firm,
    group or institute."""
    m = _FINDING.search(masked)
    if not m:
        return None
    who = (m.group("who") or m.group("who2")).strip()
    voice, evidence, strength = _score(who, lexicon, memory.home, memory.people)
    if voice and voice != NARRATION and strength >= 2:
        return voice, who, f"a finding of {who} ({evidence})"
    if _OUTSIDE_BODY.match(masked[m.end("who") if m.group("who") else m.end("who2"):]):
        return "other", who, f"a finding of {who}, an outside body"
    return None


# a stand in the reporter's words, its holder after the phrase: "won quick backing from X", "has drawn fire
# from X", "sits uneasily with members of X", "runs counter to the stated positions of X"
_STAND_OF = re.compile(
    r"\b(?:(?:won|wins|drew|draws|(?:has|have|had)\s+(?:drawn|won|received|attracted)|received|earned|attracted)\s+"
    r"(?:[a-z]+\s+){0,2}(?:backing|support|praise|criticism|fire|opposition|condemnation|rebukes?|objections?)\s+from|"
    r"sits?\s+(?:[a-z]+\s+)?(?:uneasily|uncomfortably|comfortably|badly|poorly)\s+with|"
    r"runs?\s+counter\s+to\s+the\s+(?:[a-z]+\s+)?(?:positions?|views?|wishes|demands)\s+of)\s+"
    r"(?P<who>[^,;:▮]{3,80}?)(?=[,;:.▮]|\s+(?:who|when|which|as|after|before|over|for|on|in)\b|$)")


def _stand_of(masked: str, lexicon: ActorLexicon, memory: Memory) -> tuple[str, str, str] | None:
    """(voice, holder, evidence) of a stand the reporter describes with its holder after it (_STAND_OF)."""
    m = _STAND_OF.search(masked)
    if not m:
        return None
    who = m.group("who").strip()
    voice, evidence, strength = _score(who, lexicon, memory.home, memory.people)
    if voice and voice != NARRATION:
        return voice, who, f"a stand of {who} in the reporter's words ({evidence})"
    return None


# "Reactions from the provincial governors:", "Among the posts:": an introducer of the speakers that follow,
# not of the latest speaker's statement
_REACTIONS_INTRO = re.compile(r"\b(?:reactions?|responses?|posts|comments|tweets|statements)\b", re.IGNORECASE)


def _lookahead_subject(att: Attribution | None, text: str, masked: str) -> bool:
    """An unresolved group introducing reactions: 'Connecticut leaders quickly criticized the decision.'"""
    if att is None or att.kind != "cue" or att.voice or not att.speaker:
        return False
    head = _segments(att.speaker)[0].split()
    return (len(sentences(masked)) <= 2 and bool(head) and re.search(r"[a-z]s$", head[-1]) is not None
            and not re.search(r"[’']s$", head[-1]) and att.cue.lower() not in ("added", "adds", "adding"))


def attribute_paragraphs(paragraphs: Sequence[str], lexicon: ActorLexicon | None = None,
                         source: Source | None = None, parse: bool = True) -> pd.DataFrame:
    """One article's paragraphs in order -> one row per paragraph with ATTRIBUTION_COLUMNS.

    source (URL, outlet, title) lets an official text be recognised by its issuer (actors.toml [source]).
    parse: read the paragraphs no pattern attributed with the dependency parser (analysis.syntax),
    for legislators' positions reported without a reporting verb (PARSED_VOICES).
    """
    return attribute_with_holders(paragraphs, lexicon, source, parse)[0]


# the executive's formal request to its legislature: "asked Congress on Wednesday to authorize ..."
_EXECUTIVE_REQUEST = re.compile(
    r"\b(?:asked|requested|sent)\s+(?:Congress|Parliament|parliament|lawmakers|legislators|the\s+(?:House|Senate|Knesset|"
    r"Bundestag|Commons|Diet|legislature))\b(?:\s+on\s+\w+)?\s+(?:to\s+(?:formally\s+)?(?:authori[sz]e|approve|pass|"
    r"fund|ratify|extend|repeal|vote)|for\b)")
# "spoke to reporters on the South Lawn on Saturday after ...": when and where, not what
_SPOKE_AFTER = re.compile(r"\bspoke(?:\s+(?:to|with|from|on|at|in|outside|by|briefly|\w+day|morning|evening|night)\b[^,.;:]{0,50}?)?"
                          r"\s+(?:after|before|following|hours\s+after|shortly\s+after)\b")
# ... unless the paragraph also gives the executive's case ("..., saying the threat was grave")
_STATES_TOO = re.compile(r"\b(?:said|says|saying|argu\w+|warn\w+|told|tells|insist\w+|stress\w+|add(?:s|ed|ing))\b")
# the record's own lines between turns: "Leave not granted.", "Senator X interjecting—", "Question agreed to.",
# "The House divided.", "(Applause)"
_RECORD_FORMULA = re.compile(
    r"^\s*(?:\(?(?:Leave|Question|Motion|Amendment|Bill)\s+(?:not\s+)?(?:granted|agreed\s+to|negatived|carried|"
    r"withdrawn|read\s+a\s+\w+\s+time)[^.]{0,60}\.?\)?|The\s+(?:House|Senate|Chamber|Assembly|Committee)\s+divided\b.*|"
    r"(?:[A-Z][\w.’'\-]*\s+){1,4}interjecting\s*[—–-]*|(?:Honourable|Opposition|Government)\s+members\s+interjecting\s*[—–-]*|"
    r"\((?:Applause|Laughter|Interruption|Interjection)[^()]{0,80}\)|"
    # "The debate was concluded. Decision (taken at 16.00): The chamber approved ...": the record's minutes
    r"The\s+debate\s+(?:was|is)\s+(?:concluded|closed|adjourned)\b.*)\s*$", re.IGNORECASE)
# a quotation this short is a name or a scare quote (the "mother of all bombs"), not a statement
_NICKNAME_WORDS = 5
# "according to the Pentagon, which said ...": the source goes on to make its own statement
_SOURCE_SAYS = re.compile(r"\baccording to [^;]{0,150}?,\s+(?:who|which)\s+(?:also\s+)?(?:said|says|told|added|stated)\b",
                          re.IGNORECASE)


def attribute_with_holders(paragraphs: Sequence[str], lexicon: ActorLexicon | None = None,
                           source: Source | None = None, parse: bool = True) -> tuple[pd.DataFrame, list[str]]:
    """attribute_paragraphs, plus per paragraph the voice of the position holder the parse found
    where no pattern attributed it, whatever its voice ('' elsewhere, and everywhere without parse):
    the learned voice model weighs them all, the rules take only PARSED_VOICES."""
    lexicon = lexicon or load_lexicon()
    paragraphs = [p if isinstance(p, str) else "" for p in paragraphs]
    long = [i for i, p in enumerate(paragraphs) if len(p) > 6 * MAX_ATTRIBUTION_WORDS and count_words(p) > MAX_ATTRIBUTION_WORDS]
    if long:
        # no real paragraph comes near this; the cap bounds what a hostile one costs (the scan is linear)
        paragraphs = [_head_words(p, MAX_ATTRIBUTION_WORDS) if i in long else p for i, p in enumerate(paragraphs)]
        where = f"{source.title or source.url}: " if source and (source.title or source.url) else ""
        print(f"framing: warning: {where}paragraph(s) {', '.join(str(i + 1) for i in long)} exceed "
              f"{MAX_ATTRIBUTION_WORDS} words; their voice is read from the first {MAX_ATTRIBUTION_WORDS}", file=sys.stderr)
    home = article_home(paragraphs, lexicon, source)  # the dateline's place is evidence here
    if paragraphs:
        # a dateline left in the lead ("WASHINGTON (Wire) — ...") is no speaker
        paragraphs[0] = split_dateline(paragraphs[0])[2]
    when = source.when() if source else None
    known = lexicon.known_people("\n".join(paragraphs), when, home)
    remembered = remember_names(paragraphs, lexicon, home)
    # a dated article: the table of office holders knows the office then; an undated one: the table
    # can only guess the latest period, and the article's own title ("Sen. Marco Rubio") says more
    people = People({**remembered, **known} if when else {**known, **remembered})
    people.known = frozenset(k for k in known if people[k] == known[k])
    people.named = frozenset(m.country for m in lexicon.matches("\n".join([source.title or "" if source else "", *paragraphs]))
                             if m.kind == "name" and m.country)
    memory = Memory(home=home, people=people, surnames=full_name_surnames(paragraphs))
    quotes = scan_quotes(paragraphs)
    labels = speaker_labels(paragraphs, lexicon, record_source(source))
    briefing = any(lab and lab[0] == "Q" for lab in labels)
    label_voices = [_score(_title_case(lab[0]), lexicon, home, memory.people)[0]
                    for lab in labels if lab and lab[0] not in ("Q", "A")]
    issuer_voice = next((v for v in label_voices if v and v != NARRATION), lexicon.briefing_voice)
    official = _is_official(paragraphs)
    issuer = official_issuer(source, paragraphs, [mask_quotes(p, q) for p, q in zip(paragraphs, quotes, strict=True)],
                             lexicon, home, memory.people)
    # a broadcast's host asks and relays; the moderator of an official text or a Q&A briefing is
    # the issuer's own staff
    staff = briefing or (issuer is not None and issuer[2].startswith("official text of"))
    record = is_record(source, labels, lexicon)
    hosts = set() if staff or record else _hosts(paragraphs, labels, lexicon, home, memory.people)  # a sitting has no host
    host_turns: set[str] = set()
    # a label the programme introduces as its reporter ("Our defence correspondent Aisha Noor joins us")
    reporters = {lab[0] for lab in labels if lab and lab[0] not in hosts and lab[0] not in ("Q", "A") and any(
        # "our correspondent in Nema, Ahmed Salem", "our reporter Sekou Dukuly"
        re.search(rf"\b(?:correspondent|reporter)\s+(?:(?:in|at|for)\s+[^,.;:▮]{{2,40}},\s+)?{re.escape(_title_case(lab[0]))}\b", p)
        for p in paragraphs)}
    transcript = _debate(labels)  # several labelled speakers: an unlabelled paragraph continues a turn
    hearing = "congress" in label_voices  # a legislators' hearing: its chair is one of them
    # a hearing's transcript by its title ("... Holds Open Hearing on ..."): its untitled speakers are members
    hearing_record = hearing and source is not None and bool(re.search(r"(?i)\bhearing\b", source.title or ""))
    # the label whose turn calls the sitting or hearing to order chairs it, whatever its name
    chair = next((lab[0] for text, lab in zip(paragraphs, labels, strict=True)
                  if lab and (record or hearing) and _TO_ORDER.search(text)), None)

    rows: list[dict] = []
    pending_intro: int | None = None  # an introducer whose statement follows
    lookahead: list[int] = []  # paragraphs that take the voice of the next attributed paragraph
    for i, text in enumerate(paragraphs):
        q = quotes[i]
        masked = _TIMESTAMP.sub(lambda m: " " * len(m.group(0)), mask_quotes(text, q))
        row = _row(q, text)
        label = labels[i]
        att: Attribution | None = None
        atts: list[Attribution] = []
        relay = False
        if label and label[0] == "Q":
            row.update(voice=NARRATION, speaker="Q", cue=":", cue_class="neutral", evidence="transcript question label 'Q:'", rule="question_label")
        elif label and label[0] in hosts:
            # the host asks (narration) or relays what someone else said ("The Army says ...")
            opening = label[0] not in host_turns  # the host's first turn opens the programme
            host_turns.add(label[0])
            atts = [] if _asks(text) or opening else _cue_attributions(text, masked, lexicon, memory)
            att = _pick(atts)
            if att is None or not att.voice:
                row.update(speaker=label[0], cue=":", cue_class="neutral",
                           evidence=f"the host's {'opening' if opening else 'question' if _asks(text) else 'turn'} "
                                    f"'{label[0]}:'", rule="question_label")
                relay = not (opening or _asks(text) or i == len(paragraphs) - 1)  # it opens, asks or closes
                if not relay:
                    row["voice"] = NARRATION
        elif (label and (_PRESIDING.match(label[0]) or ((record or hearing) and _CHAIR.match(_title_case(label[0])))
                         or label[0] == chair)
              and (_PROCEDURE.search(text) or _FLOOR.match(text[label[1]:]))):
            row.update(voice=NARRATION, speaker=label[0], cue=":", cue_class="neutral",
                       evidence=f"transcript label '{label[0]}:' (the chair's procedure)", rule="label")
        elif label:
            att = _label_attribution(label[0], lexicon, memory, briefing, issuer_voice, issuer, record, hearing, hearing_record)
            if label[0] in reporters:
                att = Attribution(label[0], ":", "neutral", NARRATION, f"transcript label '{label[0]}:' (the programme's reporter)", 0, "label")
            elif (att.voice in ("", "other") and not record and not briefing and label[0].isupper()
                  and not FIRST_PERSON.search(masked[label[1]:])):
                # a roundup's heading ("GEORGIAN DREAM: NAME, leader of the majority, said ..."): a topic, not
                # a speaker; the paragraph, told in the third person, names who speaks
                told = _pick(_cue_attributions(text, masked, lexicon, memory))
                if told is not None and told.voice and told.strength >= 2:
                    att = told
            if att.voice == NARRATION and not record and not briefing and not _asks(text):
                # a reporter's turn relays what others said ("NASSER: On Capitol Hill, lawmakers ...")
                atts = _cue_attributions(text, masked, lexicon, memory)
                relayed = _pick(atts)
                if relayed is not None and relayed.voice:
                    att = relayed
                else:
                    row.update(speaker=label[0], cue=":", cue_class="neutral", evidence=att.evidence, rule="label")
                    att, relay = None, True
        else:
            atts = _cue_attributions(text, masked, lexicon, memory)
            att = _pick(atts)
            if att is None or not att.voice:
                colon = _colon_attribution(text, masked, lexicon, memory)
                if colon is not None and (colon.voice or att is None):
                    att = colon
        is_intro = (bool(_INTRO_COLON.search(text.rstrip()) or _INTRO_SENTENCE.search(text))
                    and not q.open_at_end and not (label and label[0] == "Q"))
        previous = rows[-1] if rows else None

        if row["voice"] or relay:
            pass  # a relaying turn with no cue: only the parse below may still find a position holder
        elif issuer is not None and (att is None or att.kind != "label"):
            # an official text carries its issuer's voice in every paragraph, whoever it mentions
            row.update(voice=issuer[0], speaker=issuer[1], evidence=issuer[2], rule="official")
        elif (att is not None and att.kind == "according" and att.voice in ("administration", "congress")
              and all(len(text[a:b].split()) <= _NICKNAME_WORDS for a, b in q.spans)
              and not any(a.voice and a.kind != "according" for a in atts)
              and not _SOURCE_SAYS.search(text)):
            # "..., according to the Pentagon": a fact merely sourced to officials is the reporter's
            # (the codebook's facts are narration); "Officials said X", or "according to the Pentagon,
            # which said X", is their statement
            row.update(speaker=att.speaker, cue=att.cue, cue_class=att.cue_class, rule="according",
                       evidence=f"a fact sourced to {att.speaker} ({att.cue}; {att.evidence}): narration")
        elif (att is not None and att.kind == "cue" and att.voice == "administration" and not q.spans
              and _EXECUTIVE_REQUEST.search(text) and not _STATES_TOO.search(text)
              and not any(a.voice and a is not att for a in atts)):
            # "The president asked Congress to authorize ...": the executive's formal request is an
            # act the reporter narrates (procedure), not a stated position
            row.update(speaker=att.speaker, cue=att.cue, cue_class=att.cue_class, rule="cue",
                       evidence=f"{att.speaker} {att.cue} the legislature for an act (procedure): narration")
        elif (att is not None and att.kind == "cue" and att.cue.lower() == "spoke" and not q.spans
              and _SPOKE_AFTER.search(text) and not is_intro and not any(a.voice and a is not att for a in atts)):
            # "Biden spoke Monday after ...": the occasion of a speech, with nothing of what was said
            row.update(speaker=att.speaker, cue=att.cue, cue_class=att.cue_class, rule="cue",
                       evidence=f"{att.speaker} {att.cue}: the occasion of a speech, nothing said (narration)")
        elif (record and label is None and att is not None and att.kind == "cue" and previous
              and previous["rule"] in ("label", "briefing_turn") and previous["voice"] in ("administration", "congress")
              and not _RECORD_FORMULA.match(text) and not _HEADING.match(text)):
            # a turn in a parliamentary record goes on in its speaker's voice, whoever it cites
            # ("The Minister says the law does not require it. I say ...")
            row.update(voice=previous["voice"], speaker=previous["speaker"], rule="briefing_turn",
                       evidence=f"transcript turn continuing from paragraph {i} (it cites {att.speaker})")
        elif att is not None and att.voice:
            evidence = att.evidence if att.kind == "label" else f"{att.speaker} {att.cue}: {att.evidence}"
            row.update(voice=att.voice, speaker=att.speaker, cue=att.cue, cue_class=att.cue_class, evidence=evidence, rule=att.kind)
        elif q.continues and previous and previous["voice"] != NARRATION:
            row.update(voice=previous["voice"], speaker=previous["speaker"], evidence=f"quotation running on from paragraph {i}", rule="quote_run")
        elif pending_intro is not None and rows[pending_intro]["voice"]:
            src = rows[pending_intro]
            row.update(voice=src["voice"], speaker=src["speaker"], evidence=f"carry-over from paragraph {pending_intro + 1}", rule="carry_over")
        elif q.spans and label is None and (named := _named_in(masked, lexicon, memory)):
            row.update(voice=named[0], speaker=named[1], evidence=f"unattributed quotation, named in the paragraph: {named[2]}", rule="named_quote")
        elif label is None and q.covers(text) >= 0.6 and memory.last and memory.last[2] == i - 1:
            row.update(voice=memory.last[1], speaker=memory.last[0], evidence=f"unattributed quotation after the speaker of paragraph {i}", rule="after_speaker")
        elif (att is None or not att.voice) and label is None and (found := _finding(masked, lexicon, memory)
                                                                    or _stand_of(masked, lexicon, memory)):
            row.update(voice=found[0], speaker=found[1], evidence=found[2], rule="cue")
        elif is_intro and memory.last and not _REACTIONS_INTRO.search(text):
            row.update(voice=memory.last[1], speaker=memory.last[0], cue=":", cue_class="neutral",
                       evidence=f"introducer: statement of the latest speaker (paragraph {memory.last[2] + 1})", rule="introducer")
        elif _lookahead_subject(att, text, masked):
            row.update(speaker=att.speaker, cue=att.cue, cue_class=att.cue_class)
            lookahead.append(i)
        elif official and i > 0 and rows[0]["voice"] not in ("", NARRATION):
            row.update(voice=rows[0]["voice"], speaker=rows[0]["speaker"], evidence="official text: the issuer's voice", rule="official")
        elif record and label is None and _RECORD_FORMULA.match(text):
            row.update(voice=NARRATION, evidence="the record's own procedure, no member's turn", rule="none")
        elif (briefing or record or transcript) and label is None and previous and previous["speaker"] not in ("", "Q") \
                and not _HEADING.match(text):
            row.update(voice=previous["voice"], speaker=previous["speaker"], evidence=f"transcript turn continuing from paragraph {i}", rule="briefing_turn")
        if not row["voice"] and official and i == 0:
            voice, evidence = categorize(masked, lexicon, home, memory.people)
            if voice and voice != NARRATION:
                row.update(voice=voice, evidence=f"official text issued by: {evidence}", rule="official_lead")

        if row["voice"] and row["voice"] != NARRATION:
            for j in lookahead:
                rows[j].update(voice=row["voice"], evidence=f"{rows[j]['speaker']} {rows[j]['cue']}: voice of the speakers that follow (paragraph {i + 1})", rule="lookahead")
            lookahead = []
            memory.last = (row["speaker"] or row["evidence"], row["voice"], i)
            if att is not None and att.voice and _names_person(att.speaker, lexicon):
                memory.last_person = memory.last
            elif not plural_speaker(memory.last[0]):
                memory.last_body = memory.last
                memory.bodies.append(memory.last)
            named = [a for a in atts if a.voice and a.kind != "label" and a.speaker.lower() not in _PRONOUNS
                     and _names_person(a.speaker, lexicon)]
            if named:
                # the latest named person of the paragraph is the one "she added" refers to next
                memory.last_person = (named[-1].speaker, named[-1].voice, i)
            if att is not None and att.voice and att.kind != "label":
                for _, nm in plain_names(att.speaker, lexicon.matches(att.speaker)):
                    if len(nm.split()) >= 2 and surname(nm) not in memory.people:
                        memory.people[surname(nm)] = (att.voice, att.speaker)
        elif row["voice"] != NARRATION and i - (lookahead[0] if lookahead else i) > 1:
            lookahead = []  # a group introduction only reaches the next paragraph
        if is_intro:
            pending_intro = i
            if not row["voice"]:
                lookahead.append(i)
        elif not q.continues:
            pending_intro = None
        memory.previous = masked
        rows.append(row)
    holders = [""] * len(rows)
    if parse:
        for i, (voice, update) in _position_holders(paragraphs, quotes, rows, lexicon, memory).items():
            holders[i] = voice
            if voice in PARSED_VOICES:
                rows[i].update(update)
    for row in rows:
        if not row["voice"]:
            row["voice"] = NARRATION
            row["evidence"] = row["evidence"] or "no attribution"
            row["rule"] = row["rule"] or "none"
    frame = pd.DataFrame(rows, columns=list(ATTRIBUTION_COLUMNS))
    return frame.astype({"quoted_words": int}), holders


def _head_words(text: str, n: int) -> str:
    """The first n words of text, ending at the last sentence end among them when there is one."""
    cut = [m.end() for m in re.finditer(r"\S+", text)][n - 1]
    head = text[:cut]
    end = max(head.rfind(". "), head.rfind("? "), head.rfind("! "))
    return head[:end + 1] if end > len(head) // 2 else head


def _position_holders(paragraphs: Sequence[str], quotes: Sequence[Quotes], rows: list[dict],
                      lexicon: ActorLexicon, memory: Memory) -> dict[int, tuple[str, dict]]:
    """For each paragraph still without a voice: (voice, row update) of the first actor the parse
    shows taking a stand, if any."""
    from analysis import syntax

    found: dict[int, tuple[str, dict]] = {}
    todo = [i for i, row in enumerate(rows) if not row["voice"]]
    if not todo:
        return found
    for i, holders in zip(todo, syntax.position_holders([paragraphs[i] for i in todo]), strict=True):
        masked = mask_quotes(paragraphs[i], quotes[i])
        for h in holders:
            if "▮" in masked[h.start:h.start + len(h.span)] or h.span.split()[0].lower() in _PRONOUNS:
                continue  # a holder inside a quotation speaks in someone else's words; a pronoun is unresolved here
            voice, evidence, _ = _resolve(h.span, lexicon, memory, masked[:h.start])
            if voice and voice != NARRATION:
                found[i] = (voice, dict(voice=voice, speaker=h.span, cue=h.trigger, cue_class=lexicon.cue_class(h.trigger),
                                        evidence=f"{h.span} ({h.trigger}, parsed): {evidence}", rule="position"))
                break
    return found


def _named_in(masked: str, lexicon: ActorLexicon, memory: Memory) -> tuple[str, str, str] | None:
    """(voice, name, evidence) of the person a sentence of the paragraph opens with ('Rita Szymanski owns a company ...')."""
    for start, end in sentences(masked):
        sent = _TIMESTAMP.sub("", masked[start:end]).strip()
        sent = re.sub(r"^(?:On|In|At|From|Back in|Here in|Overseas|Abroad)\s+[^,▮]{1,40},\s*", "", sent)
        if not sent or "▮" in sent[:3]:
            continue
        opening = re.split(r"\s+(?:is|are|was|were|has|have|had|runs|owns|chose|took|wants|put|went|spoke|sees|keeps|feels|would|will|could|should|can|may|might|must)\b|▮", sent)[0][:120]
        found = lexicon.matches(opening)
        voice, evidence, strength = _score(opening, lexicon, memory.home, memory.people)
        name = is_person_name(opening, found, memory.surnames) or next((n for _, n in plain_names(opening, found) if len(n.split()) >= 2), "")
        if not name:
            continue
        if voice and strength >= 2:
            return voice, opening, evidence
        if surname(name) in memory.people:
            voice, mention = memory.people[surname(name)]
            return voice, name, mention
        if is_person_name(opening, found, memory.surnames):
            return "other", name, "named without a title"
    return None


def attribute(table: pd.DataFrame, lexicon: ActorLexicon | None = None,
              sources: Mapping[str, Source] | None = None, parse: bool = True) -> pd.DataFrame:
    """The paragraph table with ATTRIBUTION_COLUMNS appended, each article attributed on its own.

    sources: article_id -> Source (URL, outlet, title), for recognising official texts by their issuer.
    """
    lexicon = lexicon or load_lexicon()
    table = table.reset_index(drop=True)
    parts: list[pd.DataFrame] = []
    if len(table):
        for article_id, group in table.groupby("article_id", sort=False):
            group = group.sort_values("paragraph") if "paragraph" in group else group
            result = attribute_paragraphs(group["text"].tolist(), lexicon, (sources or {}).get(str(article_id)), parse)
            result.index = group.index
            parts.append(result)
    attributed = pd.concat(parts).reindex(table.index) if parts else pd.DataFrame(columns=list(ATTRIBUTION_COLUMNS))
    out = pd.concat([table.drop(columns=[c for c in ATTRIBUTION_COLUMNS if c in table], errors="ignore"),
                     attributed[list(ATTRIBUTION_COLUMNS)]], axis=1)
    return out.astype({"quoted_words": int})


def sources_of(articles: Iterable) -> dict[str, Source]:
    """article_id -> Source for Articles (their url, outlet and title fields)."""
    return {a.id: Source(a.url, a.outlet, a.title, a.date) for a in articles}


# ---------------------------------------------------------------------------------------------
# Evaluation against labelled paragraphs


@dataclass
class VoiceEvaluation:
    """Gold and predicted voices per paragraph, and the printable report."""

    predictions: pd.DataFrame
    accuracy: float
    text: str


def evaluate_voices(articles: Sequence, lexicon: ActorLexicon | None = None) -> VoiceEvaluation:
    """Voice accuracy, per-voice precision/recall/F1 and confusion matrix on labelled Articles."""
    from analysis import metrics
    from analysis.article import paragraph_table

    lexicon = lexicon or load_lexicon()
    labelled = [a for a in articles if a.labels and all(isinstance(lab.get("voice"), str) for lab in a.labels)]
    if not labelled:
        raise InputError("(data)", "no paragraphs labelled with a 'voice'")
    for art in labelled:
        bad = sorted({lab["voice"] for lab in art.labels} - set(VOICES))
        if bad:
            raise InputError(art.source, f"unknown voice label(s) {', '.join(bad)} (valid: {', '.join(VOICES)})")
    table = attribute(paragraph_table(labelled), lexicon, sources_of(labelled))
    table["gold"] = [lab["voice"] for art in labelled for lab in art.labels]
    acc = metrics.accuracy(table["gold"], table["voice"])
    lines = [f"voice attribution: {len(table)} paragraphs, {len(labelled)} articles, accuracy {acc:.3f}, "
             f"macro-F1 {metrics.macro_f1(table['gold'], table['voice'], VOICES):.3f}", "",
             metrics.per_class(table["gold"], table["voice"], VOICES).round(3).to_string(), "",
             "confusion (rows gold, columns predicted):",
             metrics.confusion(table["gold"], table["voice"], VOICES).to_string(), ""]
    return VoiceEvaluation(predictions=table, accuracy=acc, text="\n".join(lines))
