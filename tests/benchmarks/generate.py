"""Synthetic fact sheets for the lookup benchmarks: `generate.py --facts N --out DIR`.

Writes `DIR/factsheet.yaml`, the article files in `DIR/seeds/` (every quote is in its article
verbatim, so `factbot check DIR/factsheet.yaml` passes and the benchmark times the real check),
and `DIR/queries.json`: clean and typo'd queries drawn from the sheet.

What the data looks like, and why:

- N facts are N/2 quotes and N/2 events, so `!when` (events and quotes) searches N texts.
- Words follow a Zipf law over a vocabulary whose size grows with the square root of the text
  (Heaps' law, about 54,000 words at 100k facts): the head is the real articles' words, the tail
  made-up words. Function words ("the", "of", "no") are everywhere; "China", "Ukraine", "war"
  are common, as in a sheet about one story.
- Quotes are 6 to 60 words (about 22 on average), events have a title, a summary, keywords
  taken from their own text and some people; about 20 quotes per article, so 100k facts make
  2,500 articles; one person per 40 facts (2,500 at 100k) with realistic names and aliases.
- Dates: 2022 to 2025, mostly to the day, some to the month or year, never after the source.
- Typo'd queries have one deletion, substitution (a neighbouring key) or transposition in one
  word of four letters or more, never in the first letter.

Everything is drawn from one seeded `random.Random`, so a given N and seed always give the same
bytes. Generated data goes to a temporary folder or `tests/benchmarks/out/` (git-ignored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import re
import textwrap
from bisect import bisect
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from bot.manifest import MANIFEST_NAME, manifest_text, sha256_hex

DEFAULT_SEED = 20250705
ROOT = Path(__file__).resolve().parents[2]
QUERY_KINDS = (
    "quote_name_clean",
    "quote_name_typo",
    "quote_phrase_clean",
    "quote_phrase_typo",
    "when_clean",
    "when_typo",
    "when_question_clean",
    "when_question_typo",
    "when_common_clean",
    "when_common_typo",
)

FIRST_NAMES = (
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun",
    "Hu", "Zhu", "Gao", "Lin", "He", "Guo", "Ma", "Luo", "Liang", "Song", "Zheng", "Xie", "Han",
    "Tang", "Feng", "Yu", "Dong", "Xiao", "Cheng", "Cao", "Yuan", "Deng", "Fu", "Shen", "Zeng",
    "Peng", "Lu", "Su", "Jiang", "Cai", "Jia", "Ding", "Wei", "Xue", "Ye", "Yan", "Pan", "Du",
    "Dai", "Xia", "Zhong", "Tian", "Ren", "Fan", "Fang", "Shi", "Yao", "Tan", "Sergey",
    "Sergei", "Vladimir", "Dmitry", "Dmitri", "Andrei", "Andrii", "Alexei", "Oleksandr",
    "Olena", "Natalia", "Irina", "Mikhail", "Nikolai", "Yuri", "Pavel", "Ivan", "Oksana",
    "Viktor", "Petro", "Denys", "Kyrylo", "Maria", "Anna", "Elena", "Olga", "John", "James",
    "Robert", "Michael", "William", "David", "Richard", "Thomas", "Charles", "Mark", "Emily",
    "Sarah", "Jessica", "Karen", "Nancy", "Linda", "Antony", "Donald", "Joseph", "Kamala",
    "Jake", "Ursula", "Kaja", "Josep", "Charles", "Emmanuel", "Olaf", "Rishi", "Boris", "Liz",
    "Annalena", "Giorgia", "Pedro", "Mateusz", "Andrzej", "Viktor", "Recep", "Narendra",
    "Fumio", "Yoon", "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Moon", "Ahmed",
    "Mohammed", "Fatima", "Hassan", "Ali", "Omar", "Aisha", "Jean", "Pierre", "Marie", "Claire",
    "Hans", "Klaus", "Jurgen", "Ingrid", "Sven", "Lars", "Piotr", "Tomasz", "Katarzyna"
)  # fmt: skip
SURNAMES = (
    "Yi", "Wenbin", "Jiakun", "Ning", "Jinping", "Qiang", "Chunying", "Lijian", "Zhaoxu",
    "Xiangdong", "Jun", "Hui", "Ming", "Wei", "Yong", "Bin", "Tao", "Hong", "Lei", "Peng",
    "Jie", "Qing", "Fei", "Xin", "Yan", "Long", "Kai", "Jian", "Gang", "Bo", "Chao", "Dong",
    "Hao", "Putin", "Lavrov", "Peskov", "Shoigu", "Zakharova", "Medvedev", "Nebenzya",
    "Ryabkov", "Antonov", "Belousov", "Gerasimov", "Mishustin", "Matviyenko", "Volodin",
    "Ushakov", "Dvornikov", "Kuleba", "Sybiha", "Zelenskyy", "Yermak", "Podolyak", "Reznikov",
    "Umerov", "Shmyhal", "Stefanchuk", "Klitschko", "Zaluzhnyi", "Syrskyi", "Budanov",
    "Blinken", "Sullivan", "Austin", "Kirby", "Harris", "Biden", "Trump", "Rubio", "Vance",
    "Hegseth", "Waltz", "Witkoff", "Kellogg", "Miller", "Price", "Thomas", "Greenfield",
    "Nuland", "Burns", "Yellen", "Raimondo", "Haley", "Pompeo", "Michel", "Borrell", "Kallas",
    "Leyen", "Costa", "Guterres", "Grossi", "Stoltenberg", "Rutte", "Macron", "Scholz", "Merz",
    "Sunak", "Starmer", "Johnson", "Truss", "Cameron", "Lammy", "Baerbock", "Meloni", "Sanchez",
    "Morawiecki", "Duda", "Tusk", "Orban", "Erdogan", "Modi", "Kishida", "Ishiba", "Yoon",
    "Lula", "Ramaphosa", "Widodo", "Prabowo", "Jong", "Un", "Yeol", "Moon", "Kwon", "Son",
    "Abe", "Suga", "Hayashi", "Kamikawa", "Iwaya", "Motegi", "Takeshita", "Tanaka", "Dubois",
    "Martin", "Bernard", "Moreau", "Laurent", "Lefebvre", "Schmidt", "Schneider", "Fischer",
    "Weber", "Becker", "Hoffmann", "Nowak", "Kowalski", "Wisniewski", "Wojcik", "Novak",
    "Horvat", "Kovacs", "Nagy", "Petrov", "Ivanov", "Smirnov", "Kuznetsov", "Popov", "Sokolov",
    "Lebedev", "Kozlov", "Novikov", "Morozov", "Volkov", "Solovyov", "Shevchenko", "Bondarenko",
    "Kovalenko", "Boyko", "Tkachenko", "Kravchenko", "Oliynyk", "Lysenko", "Rudenko"
)  # fmt: skip
# (role, the title an article puts before the surname)
ROLES = (
    ("Foreign Minister", "Minister"),
    ("Defence Minister", "Minister"),
    ("Foreign Ministry spokesperson", "Spokesperson"),
    ("President", "President"),
    ("Prime Minister", "Prime Minister"),
    ("ambassador to the United Nations", "Ambassador"),
    ("deputy foreign minister", "Deputy Minister"),
    ("senior diplomat", "Mr."),
    ("national security adviser", "Adviser"),
    ("envoy", "Envoy"),
    ("Security Council secretary", "Secretary"),
    ("trade minister", "Minister"),
    ("presidential spokesman", "Spokesman"),
    ("analyst", "Dr."),
    ("professor of international relations", "Professor"),
)
COUNTRIES = (
    "China", "Russia", "Ukraine", "Belarus", "Poland", "Hungary", "Germany", "France", "Italy",
    "Spain", "Britain", "Japan", "India", "Brazil", "Turkey", "Iran", "Israel", "Egypt",
    "Kazakhstan", "Georgia", "Moldova", "Romania", "Finland", "Sweden", "Norway", "Estonia",
    "Latvia", "Lithuania", "Slovakia", "Serbia", "Vietnam", "Indonesia", "Pakistan", "Mongolia"
)  # fmt: skip
BODIES = (
    "Ministry of Foreign Affairs",
    "Defence Ministry",
    "Security Council",
    "presidential office",
    "Foreign Ministry readout",
    "state news agency",
    "embassy",
    "parliament",
)
DOMAIN_WORDS = (
    "China", "Chinese", "Russia", "Russian", "Ukraine", "Ukrainian", "war", "ceasefire",
    "peace", "talks", "sanctions", "Beijing", "Moscow", "Kyiv", "Washington", "Brussels",
    "negotiation", "sovereignty", "security", "dialogue", "partnership", "neutrality",
    "invasion", "territory", "conflict", "diplomacy", "crisis"
)  # fmt: skip
OUTLETS = (
    "The Wire",
    "Daily Dispatch",
    "World Desk",
    "Global Monitor",
    "The Courier",
    "Evening Ledger",
    "Foreign Affairs Digest",
    "Asia Review",
    "Eurasia Report",
    "News Agency",
)
# Made-up words: onset + vowel + coda syllables and an ending, so that their letters vary about
# as much as English words' do (which matters to a trigram index).
ONSETS = (
    "b", "bl", "br", "c", "ch", "cl", "cr", "d", "dr", "f", "fl", "fr", "g", "gl", "gr", "h",
    "j", "k", "l", "m", "n", "p", "pl", "pr", "qu", "r", "s", "sc", "sh", "sk", "sl", "sm",
    "sn", "sp", "st", "str", "sw", "t", "th", "tr", "tw", "v", "w", "wh", "y", "z", ""
)  # fmt: skip
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ee", "ie", "oo", "ou", "y"]
CODAS = (
    "n", "r", "s", "t", "l", "m", "nd", "nt", "st", "rt", "ck", "ng", "sh", "th", "x", "", "",
    "", "", "", "", "", "", "", "", "", "", "", "", ""
)  # fmt: skip
ENDINGS = (
    "ing", "ed", "s", "er", "ion", "ment", "ly", "ness", "able", "al", "ist", "ive", "ous", "",
    "", "", "", "", "", "", "", "", "", "", ""
)  # fmt: skip
STOP_WORDS = frozenset({
    "a", "also", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could",
    "for", "from", "had", "has", "have", "he", "her", "his", "in", "is", "it", "its", "may",
    "might", "no", "not", "of", "on", "or", "our", "said", "says", "she", "should", "than",
    "that", "the", "their", "then", "there", "they", "this", "to", "us", "was", "we", "were",
    "what", "which", "who", "will", "with", "would"
})  # fmt: skip
SUMMARY = (
    "Made-up quotes and events with realistic names, dates and lengths, drawn from a Zipf law "
    "over the real articles' words and made-up ones, written into made-up articles so that the "
    "verbatim check runs for real."
)
BOILERPLATE = "Sign up to receive our latest news! By submitting this form, I agree to the terms."
_QWERTY = "qwertyuiop asdfghjkl zxcvbnm"


@dataclass(frozen=True)
class Generated:
    """Where a generation went and what it holds."""

    sheet: Path
    seeds: Path
    queries: dict[str, list[str]]
    facts: int
    seed: int


def _seed_vocabulary() -> list[str]:
    """The real articles' words, most frequent first: the head of the Zipf distribution."""
    counts: dict[str, int] = {}
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for word in re.findall(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]", path.read_text("utf-8")):
            counts[word] = counts.get(word, 0) + 1
    return sorted(counts, key=lambda w: (-counts[w], w))


class _Writer:
    """Draws every part of a sheet from one seeded generator."""

    def __init__(self, facts: int, seed: int) -> None:
        self.rng = random.Random(f"{seed}:{facts}")
        self.facts = facts
        self.n_quotes = max(2, facts // 2)
        self.n_events = max(2, facts - self.n_quotes)
        self.n_sources = max(2, math.ceil(self.n_quotes / 20))
        self.n_people = max(20, facts // 40)
        tokens = self.facts * 30
        vocab_size = 2000 + int(30 * math.sqrt(tokens))
        head = _seed_vocabulary()
        seen = {w.casefold() for w in head}
        words = list(head)
        rng = self.rng
        while len(words) < vocab_size:
            word = "".join(
                rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)
                for _ in range(rng.choice((1, 1, 2, 2, 2, 3)))
            ) + rng.choice(ENDINGS)
            if word.casefold() not in seen:
                seen.add(word.casefold())
                words.append(word)
        # The commonest function words first, then the story's words, then the rest.
        rest = [w for w in words if w not in DOMAIN_WORDS]
        words = rest[:12] + list(DOMAIN_WORDS) + rest[12:]
        self.words = words
        self.cum = list(accumulate(1.0 / (rank + 2.7) for rank in range(len(words))))

    def word(self) -> str:
        rng = self.rng
        return self.words[bisect(self.cum, rng.random() * self.cum[-1])]

    def sentence(self, low: int, mean: float, high: int, names: list[str]) -> str:
        rng = self.rng
        n = max(low, min(high, round(rng.gauss(mean, mean * 0.4))))
        out: list[str] = []
        for i in range(n):
            roll = rng.random()
            if roll < 0.04 and names:
                word = rng.choice(names)
            elif roll < 0.07:
                word = rng.choice(COUNTRIES) + ("’s" if rng.random() < 0.2 else "")
            else:
                word = self.word()
            if i and roll > 0.93 and not out[-1].endswith(","):
                out[-1] += ","
            out.append(word)
        out[0] = out[0][:1].upper() + out[0][1:]
        return " ".join(out)

    def date_before(self, published: dt.date, max_days: int) -> str:
        rng = self.rng
        day = published - dt.timedelta(days=rng.randint(0, max_days))
        roll = rng.random()
        if roll < 0.8:
            return day.isoformat()
        if roll < 0.95:
            return f"{day.year:04d}-{day.month:02d}"
        return f"{day.year:04d}"


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _word(text: str) -> str:
    """Text left plain where YAML reads it as that text (names, outlets), else quoted."""
    plain = re.fullmatch(r"[A-Za-z][A-Za-z0-9 .,'’-]*[A-Za-z.]", text)
    return text if plain and text.casefold() not in ("yes", "no", "on", "off", "null") else _q(text)


def _text(indent: str, key: str, text: str) -> list[str]:
    """A text field as a curator writes one (see config/factsheet.yaml): quoted on its line when
    it fits, else folded (`>-`) over lines of at most 96 characters."""
    line = f"{indent}{key}: {_q(text)}"
    if len(line) <= 96:
        return [line]
    wrapped = textwrap.wrap(
        text, 96 - len(indent) - 2, break_long_words=False, break_on_hyphens=False
    )
    return [f"{indent}{key}: >-", *(f"{indent}  {part}" for part in wrapped)]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def _typo(rng: random.Random, phrase: str) -> str | None:
    """One deletion, substitution (a neighbouring key) or transposition in one longer word."""
    words = phrase.split(" ")
    choices = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not choices:
        return None
    i = rng.choice(choices)
    word = words[i]
    pos = rng.randint(1, len(word) - 2)
    kind = rng.choice(("deletion", "substitution", "transposition"))
    if kind == "deletion":
        new = word[:pos] + word[pos + 1 :]
    elif kind == "transposition":
        new = word[:pos] + word[pos + 1] + word[pos] + word[pos + 2 :]
    else:
        ch = word[pos].lower()
        row = next((r for r in _QWERTY.split() if ch in r), "")
        k = row.find(ch)
        near = [row[j] for j in (k - 1, k + 1) if 0 <= j < len(row)] or list("aeiou")
        new = word[:pos] + rng.choice(near) + word[pos + 1 :]
    if new.casefold() == word.casefold():
        return None
    words[i] = new
    return " ".join(words)


def _phrase(rng: random.Random, text: str, low: int, high: int) -> str | None:
    """A run of `low`..`high` words of the text holding at least one word of 4+ letters."""
    words = [w.strip(".,;:!?“”\"'’()") for w in text.split()]
    words = [w for w in words if w]
    if len(words) < low:
        return None
    for _ in range(8):
        n = rng.randint(low, min(high, len(words)))
        start = rng.randint(0, len(words) - n)
        span = words[start : start + n]
        if any(len(w) >= 4 and w.casefold() not in STOP_WORDS for w in span):
            return " ".join(span)
    return None


def generate(out: Path, facts: int, *, seed: int = DEFAULT_SEED) -> Generated:
    """Write a sheet of `facts` facts with its articles and queries into `out`."""
    w = _Writer(facts, seed)
    rng = w.rng
    out.mkdir(parents=True, exist_ok=True)
    seeds = out / "seeds"
    seeds.mkdir(exist_ok=True)
    for old in seeds.glob("*.txt"):
        old.unlink()

    # People: unique names; aliases never name anyone else (the checker refuses that).
    taken: set[str] = set()
    people: list[dict[str, object]] = []
    while len(people) < w.n_people:
        if rng.random() < 0.06:
            country = rng.choice(COUNTRIES)
            name = f"{country} {rng.choice(BODIES)}"
            kind, role = "body", f"The {name} as the source of official statements"
            aliases = [f"{country}'s {rng.choice(BODIES)}"]
        else:
            first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            name = f"{first} {last}"
            country = rng.choice(COUNTRIES)
            role_name, title = rng.choice(ROLES)
            role = f"{country} {role_name}"
            kind = "person"
            aliases = [f"{title} {last}", f"{role} {name}"]
            if rng.random() < 0.3:
                aliases.append(f"{last} {first}")
        if name.casefold() in taken:
            continue
        taken.add(name.casefold())
        kept = []
        for alias in aliases:
            if alias.casefold() not in taken:
                taken.add(alias.casefold())
                kept.append(alias)
        people.append(
            {"id": _slug(name), "name": name, "role": role, "kind": kind, "aliases": kept}
        )
    person_names = [str(p["name"]).split()[-1] for p in people]

    # Sources and their articles; quotes are written into their article as they are drawn.
    start, end = dt.date(2022, 1, 1), dt.date(2025, 12, 31)
    span_days = (end - start).days
    sources: list[dict[str, object]] = []
    source_quotes: list[list[int]] = [[] for _ in range(w.n_sources)]
    for i in range(w.n_sources):
        published = start + dt.timedelta(days=rng.randint(30, span_days))
        sources.append(
            {
                "id": f"s{i:05d}",
                "file": f"{i:05d}.txt",
                "outlet": rng.choice(OUTLETS),
                "title": w.sentence(5, 9, 14, person_names).rstrip(","),
                "published": published,
            }
        )
    quotes: list[dict[str, object]] = []
    for i in range(w.n_quotes):
        src = i * w.n_sources // w.n_quotes
        speaker = people[rng.randrange(len(people))]
        text = w.sentence(6, 22, 60, person_names).rstrip(",") + rng.choice("..!?.")
        published = sources[src]["published"]
        assert isinstance(published, dt.date)
        quotes.append(
            {
                "id": f"q{i:06d}",
                "speaker": speaker["id"],
                "name": speaker["name"],
                "text": text,
                "source": sources[src]["id"],
                "date": w.date_before(published, 20),
            }
        )
        source_quotes[src].append(i)
    hashes: dict[str, str] = {}
    for i, source in enumerate(sources):
        paragraphs = [str(source["title"]), ""]
        for qi in source_quotes[i]:
            quote = quotes[qi]
            paragraphs.append(w.sentence(8, 20, 40, person_names).rstrip(",") + ".")
            paragraphs.append(f"“{quote['text']}” said {quote['name']}.")
            paragraphs.append("")
        paragraphs.append(w.sentence(8, 20, 40, person_names).rstrip(",") + ".")
        paragraphs.append(BOILERPLATE)
        article = ("\n".join(paragraphs) + "\n").encode("utf-8")
        (seeds / str(source["file"])).write_bytes(article)
        hashes[str(source["file"])] = sha256_hex(article)
    (seeds / MANIFEST_NAME).write_text(manifest_text(hashes), encoding="utf-8")

    events: list[dict[str, object]] = []
    for i in range(w.n_events):
        title = w.sentence(4, 8, 14, person_names).rstrip(",")
        summary = w.sentence(10, 24, 50, person_names).rstrip(",") + "."
        words = [x.strip(",.") for x in (title + " " + summary).split()]
        keywords: list[str] = []
        for _ in range(rng.randint(3, 6)):
            n = rng.randint(1, 3)
            at = rng.randint(0, max(0, len(words) - n))
            keyword = " ".join(words[at : at + n])
            if keyword and keyword not in keywords:
                keywords.append(keyword)
        srcs = sorted({rng.randrange(w.n_sources) for _ in range(rng.randint(1, 3))})
        first_published = min(sources[s]["published"] for s in srcs)  # type: ignore[type-var]
        assert isinstance(first_published, dt.date)
        events.append(
            {
                "id": f"e{i:06d}",
                "date": w.date_before(first_published, 60),
                "title": title,
                "summary": summary,
                "keywords": keywords,
                "people": sorted({people[rng.randrange(len(people))]["id"] for _ in range(2)}),
                "sources": [sources[s]["id"] for s in srcs],
            }
        )

    # Written the way config/factsheet.yaml is: comments, a blank line between entries, long
    # texts folded (`>-`), plain words where YAML allows them, quotes around the rest.
    rule = "# " + "-" * 75
    lines = [
        "# A synthetic fact sheet for the lookup benchmarks (tests/benchmarks/generate.py).",
        "",
        f"topic: {_q(f'Synthetic sheet of {facts} facts')}",
        "",
        *_text("", "summary", SUMMARY),
        "",
        "seeds: seeds",
        "",
        rule,
        "# Sources: one per article, in file order.",
        rule,
        "sources:",
    ]
    for s in sources:
        lines += [
            f"  - id: {s['id']}",
            f"    file: {s['file']}",
            f"    outlet: {_word(str(s['outlet']))}",
            *_text("    ", "title", str(s["title"])),
            "    author: null",
            f'    published: "{s["published"]}"',
            '    published_basis: "stated in the article"',
            f"    url: https://example.org/{s['id']}",
            "    original_url: null",
            "    caution: null",
            "    boilerplate:",
            f"      - {_q(BOILERPLATE)}",
            "    boilerplate_from: null",
            "",
        ]
    lines += [rule, "# People: who speaks or takes part.", rule, "people:"]
    for p in people:
        aliases = ", ".join(_q(str(a)) for a in p["aliases"])  # type: ignore[attr-defined]
        lines += [
            f"  - id: {p['id']}",
            f"    name: {_word(str(p['name']))}",
            f"    role: {_q(str(p['role']))}",
            f"    kind: {p['kind']}",
            f"    aliases: [{aliases}]",
            "",
        ]
    lines += [rule, "# Quotes: verbatim from their article.", rule, "quotes:"]
    for quote in quotes:
        lines += [
            f"  - id: {quote['id']}",
            f"    speaker: {quote['speaker']}",
            *_text("    ", "text", str(quote["text"])),
            f"    source: {quote['source']}",
            f'    date: "{quote["date"]}"',
            '    date_basis: "stated in the article"',
            f"    context: {_q('Said to reporters, as quoted in the article.')}",
            "    article_says: null",
            "",
        ]
    lines += [rule, "# Events: dated, with the articles that report them.", rule, "events:"]
    for e in events:
        keywords = ", ".join(_q(k) for k in e["keywords"])  # type: ignore[attr-defined]
        lines += [
            f"  - id: {e['id']}",
            f'    date: "{e["date"]}"',
            *_text("    ", "title", str(e["title"])),
            *_text("    ", "summary", str(e["summary"])),
            f"    keywords: [{keywords}]",
            f"    people: [{', '.join(e['people'])}]",  # type: ignore[arg-type]
            f"    sources: [{', '.join(e['sources'])}]",  # type: ignore[arg-type]
            '    date_basis: "stated in the articles"',
            "    article_says: null",
            "",
        ]
    sheet = out / "factsheet.yaml"
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")

    queries = _queries(random.Random(f"queries:{seed}:{facts}"), people, quotes, events)
    (out / "queries.json").write_text(json.dumps(queries, indent=1, ensure_ascii=False) + "\n")
    return Generated(sheet, seeds, queries, facts, seed)


def _queries(
    rng: random.Random,
    people: list[dict[str, object]],
    quotes: list[dict[str, object]],
    events: list[dict[str, object]],
    per_kind: int = 400,
) -> dict[str, list[str]]:
    """Clean queries drawn from the sheet, and the same with one typo."""
    out: dict[str, list[str]] = {kind: [] for kind in QUERY_KINDS}

    def fill(kind: str, draw: object) -> None:
        clean, typo = out[f"{kind}_clean"], out[f"{kind}_typo"]
        tries = 0
        while len(clean) < per_kind and tries < per_kind * 20:
            tries += 1
            phrase = draw()  # type: ignore[operator]
            if not phrase:
                continue
            typo_phrase = _typo(rng, phrase)
            if typo_phrase is None:
                continue
            clean.append(phrase)
            typo.append(typo_phrase)

    def name() -> str:
        person = rng.choice(people)
        forms = [str(person["name"]), *person["aliases"]]  # type: ignore[misc]
        return rng.choice(forms) if rng.random() < 0.3 else forms[0]

    def quote_phrase() -> str | None:
        return _phrase(rng, str(rng.choice(quotes)["text"]), 2, 5)

    def when_phrase() -> str | None:
        event = rng.choice(events)
        roll = rng.random()
        if roll < 0.3:
            return rng.choice(event["keywords"])  # type: ignore[arg-type]
        if roll < 0.6:
            return _phrase(rng, str(event["title"]), 2, 4)
        if roll < 0.85:
            return _phrase(rng, str(event["summary"]), 2, 5)
        return _phrase(rng, str(rng.choice(quotes)["text"]), 2, 4)

    def content(text: str) -> list[str]:
        return [
            w
            for w in re.findall(r"[A-Za-z]+", text)
            if len(w) >= 4 and w.casefold() not in STOP_WORDS
        ]

    def question() -> str | None:
        """A question as a member types it: a question lead, 2 to 5 words taken from anywhere
        in one event (title, summary, keywords), in any order, sometimes a stop word."""
        event = rng.choice(events)
        pool = content(f"{event['title']} {event['summary']} {' '.join(event['keywords'])}")  # type: ignore[arg-type]
        pool = list(dict.fromkeys(pool))
        if len(pool) < 3:
            return None
        chosen = rng.sample(pool, rng.randint(2, min(5, len(pool))))
        lead = rng.choice(("when did", "when was", "when were", "did", "what happened", "when"))
        if rng.random() < 0.3:
            chosen.insert(rng.randrange(len(chosen) + 1), rng.choice(("the", "in", "of", "and")))
        return " ".join([*lead.split(), *chosen])

    counts: dict[str, int] = {}
    for entry in events:
        for word in set(content(f"{entry['title']} {entry['summary']}")):
            counts[word.casefold()] = counts.get(word.casefold(), 0) + 1
    commonest = sorted(counts, key=lambda w: -counts[w])[:20]

    def common() -> str:
        """One or two of the sheet's commonest words: what a scan pays most for."""
        return " ".join(rng.sample(commonest, rng.randint(1, 2)))

    fill("quote_name", name)
    fill("quote_phrase", quote_phrase)
    fill("when", when_phrase)
    fill("when_question", question)
    fill("when_common", common)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--facts", type=int, required=True, help="quotes + events")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    made = generate(args.out, args.facts, seed=args.seed)
    print(
        f"wrote {made.sheet} ({made.sheet.stat().st_size / 1e6:.1f} MB) and "
        f"{sum(1 for _ in made.seeds.glob('*.txt'))} articles"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
