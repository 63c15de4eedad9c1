"""A generated, valid corpus of repair write-ups (and a few workshops) for benchmarks.

``generate(root, repairs=N)`` writes a project (``content/``, ``mkdocs.yml``)
that passes ``kb check`` with no errors. Document ``i`` depends only on the seed
and ``i``, so the corpus of 100 is the first 100 of the corpus of 10,000.
Write-ups are in Spanish (most) or English, some with a translation, built
from the sentences in ``blocks.yaml`` with names, numbers and model codes
drawn at random, so the vocabulary grows with the corpus like a real one.
Spanish nouns carry their article in ``blocks.yaml`` and the sentences make
articles, adjectives and verbs agree with them (``_Noun``).
With ``images=True`` a share of the write-ups also shows a photo (a JPEG drawn
here; some at camera size, which the site reduces), named in the front matter
and in the body of each language.
"""

from __future__ import annotations

import io
import random
import re
import shutil
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from schema.vocabularies import fold, vocab

BLOCKS = Path(__file__).with_name("blocks.yaml")
SEED = 4
TRANSLATED = 0.4  # share of write-ups with a translation
ENGLISH = 0.2  # share of write-ups first written in English
SECTIONS = ("context", "diagnosis", "repair", "result", "lessons")
PER_SECTION = {"context": 5, "diagnosis": 5, "repair": 6, "result": 3, "lessons": 3}
MINIMAL_MKDOCS = "site_name: EPO KB benchmark corpus\n"
PHOTOS = 0.25  # share of write-ups with a photo, with images=True
CAMERA = 0.2  # share of those photos at camera size (reduced for the site)
PHOTO_SIZES = ((800, 600), (2000, 1500))


@dataclass(frozen=True)
class Corpus:
    root: Path
    repairs: int
    workshops: int
    files: int  # Markdown files
    photos: int = 0

    @property
    def content(self) -> Path:
        return self.root / "content"


@cache
def blocks() -> dict[str, Any]:
    return yaml.safe_load(BLOCKS.read_text(encoding="utf-8"))


def generate(root: Path, repairs: int, workshops: int | None = None, seed: int = SEED,
             mkdocs: Path | None = None, images: bool = False) -> Corpus:
    """Write a fresh project with ``repairs`` write-ups under ``root`` (emptied first).

    ``images``: a quarter of the write-ups get a photo (off by default, so that the
    search benchmarks keep measuring the corpus they always measured)."""
    shutil.rmtree(root / "content", ignore_errors=True)
    root.mkdir(parents=True, exist_ok=True)
    config = mkdocs.read_text(encoding="utf-8") if mkdocs and mkdocs.is_file() else MINIMAL_MKDOCS
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    count = len(blocks()["workshops"]) if workshops is None else workshops
    shops = [w["id"] for w in blocks()["workshops"][:count]]
    files = photos = 0
    for i, shop in enumerate(blocks()["workshops"][:count]):
        files += _write(root / "content" / "workshops" / shop["id"], workshop_files(shop, i, seed))
    for i in range(repairs):
        written = repair_files(i, shops, seed, images)
        photos += sum(isinstance(data, bytes) for data in written.values())
        files += _write(root / "content" / "repairs" / repair_id(i, seed), written)
    return Corpus(root, repairs, len(shops), files - photos, photos)


def repair_id(i: int, seed: int = SEED) -> str:
    machine, place = _identity(i, seed)
    return f"{machine}-{_slug(place)}-{i:05d}"


def _identity(i: int, seed: int) -> tuple[str, str]:
    r = random.Random(f"{seed}:{i}:id")
    return r.choice(sorted(blocks()["machines"])), r.choice(blocks()["plant_names"])


def repair_files(i: int, workshops: list[str], seed: int = SEED,
                 images: bool = False) -> dict[str, str | bytes]:
    """File name -> text of write-up ``i`` (its original and maybe its translation),
    and its photo's bytes when it has one."""
    r = random.Random(f"{seed}:{i}:body")
    doc_id = repair_id(i, seed)
    facts = _facts(_identity(i, seed), r, i, workshops, seed)
    original = "en" if r.random() < ENGLISH else "es"
    langs = [original] + ([_other(original)] if r.random() < TRANSLATED else [])
    photo = _photo(i, seed) if images else None
    out: dict[str, str | bytes] = {}
    for lang in langs:
        name = "index.md" if lang == original else f"index.{lang}.md"
        meta = _repair_meta(doc_id, facts, lang, None if lang == original else doc_id)
        shown = _shown(photo, facts, lang) if photo else None
        if shown:
            meta["images"] = [{"path": photo.name, "alt": shown[0], "depicts": shown[1]}]
        out[name] = _document(meta, _repair_body(facts, lang, shown, photo and photo.name))
    if photo:
        out[photo.name] = photo.data
    return out


@dataclass(frozen=True)
class _Photo:
    name: str
    data: bytes
    text: list[list[str]]  # [alt, caption], each [es, en]


def _photo(i: int, seed: int) -> _Photo | None:
    """Write-up ``i``'s photo, or None: shapes on a gradient, drawn from its own seed."""
    from PIL import Image, ImageDraw

    r = random.Random(f"{seed}:{i}:photo")
    if r.random() >= PHOTOS:
        return None
    width, height = PHOTO_SIZES[r.random() < CAMERA]
    im = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(im)
    for _ in range(r.randint(6, 14)):
        x, y = r.randrange(width), r.randrange(height)
        box = (x, y, x + r.randint(40, width // 2), y + r.randint(40, height // 2))
        colour = tuple(r.randrange(256) for _ in range(3))
        (draw.ellipse if r.random() < 0.5 else draw.rectangle)(box, fill=colour)
    out = io.BytesIO()
    im.save(out, "JPEG", quality=85)
    return _Photo(f"foto-{i:05d}.jpg", out.getvalue(), r.choice(blocks()["photos"]))


def _shown(photo: _Photo, facts: dict[str, Any], lang: str) -> tuple[str, str]:
    values = _values(facts, lang, random.Random(f"{photo.name}:{lang}"))
    alt, caption = (_sentence(pair, lang, values) for pair in photo.text)
    return alt, caption


def workshop_files(shop: dict[str, Any], i: int, seed: int = SEED) -> dict[str, str]:
    r = random.Random(f"{seed}:w{i}")
    minutes = [r.choice((15, 20, 30, 45)) for _ in range(4)]
    out = {}
    for lang in ("es", "en"):
        title, goal = shop[lang]
        meta = {
            "id": shop["id"], "title": title, "lang": lang,
            **({"translation_of": shop["id"]} if lang == "en" else {}),
            "summary": goal, "status": "example",
            "authors": [r.choice(blocks()["people"])], "strand": shop["strand"],
            "duration_minutes": sum(minutes),
            "participants": {"min": 4, "max": 20},
            "facilitation": {"facilitators": 1, "training": "trained"},
            "why": goal, "objectives": [goal],
            "materials": [{"item": str(_noun(blocks()["tools"][i % 10], lang)), "quantity": 1,
                           "per": "group"}],
            "activities": [_activity(k, m, lang) for k, m in enumerate(minutes)],
            "keypoints": [_sentence(blocks()["lessons"][i % len(blocks()["lessons"])], lang,
                                    {"name": r.choice(blocks()["people"]),
                                     "subunit": _noun(blocks()["workshop_subunit"], lang)})],
        }
        out["index.md" if lang == "es" else "index.en.md"] = _document(meta, goal + "\n")
    return out


def _facts(identity: tuple[str, str], r: random.Random, index: int, workshops: list[str],
           seed: int) -> dict[str, Any]:
    b = blocks()
    machine, place = identity
    kind = r.choice(b["plant_kinds"])
    mode = r.choice(sorted(b["modes"]))
    trades = r.sample(b["trades"], r.randint(1, 3))
    start = (r.randint(2016, 2024), r.randint(1, 12), r.randint(1, 28))
    others = [repair_id(j, seed) for j in r.sample(range(index), min(index, 2))]
    return {
        "machine": machine, "spec": b["machines"][machine], "mode": mode,
        "plant": f"{kind[0]} {place}", "sector": r.choice(b["machines"][machine]["sectors"]),
        "city": r.choice(b["cities"]), "state": r.choice(b["states"]),
        "subunit": r.choice(b["machines"][machine]["subunits"]),
        "part": r.choice(b["parts"]), "tool": r.choice(b["tools"]), "trades": trades,
        "start": start, "days": r.randint(1, 30), "year": r.randint(1975, 2015),
        "pct": r.randint(10, 60), "after": r.randint(70, 100), "people": r.randint(3, 40),
        "code": _code(r), "name": r.choice(b["people"]),
        "related": others[: r.randint(0, 2)],  # earlier write-ups only: no size dependence
        "workshops": r.sample(workshops, min(len(workshops), r.randint(0, 2))),
        "symptoms": r.sample(b["modes"][mode]["symptoms"], 2),
        "causes": r.sample(b["modes"][mode]["causes"], r.randint(1, 2)),
        "sentences": {s: r.sample(b[s], PER_SECTION[s]) for s in SECTIONS},
        "safety": r.sample(b["safety"], 2),
    }


def _repair_meta(doc_id: str, f: dict[str, Any], lang: str,
                 translation_of: str | None) -> dict[str, Any]:
    r = random.Random(f"{doc_id}:{lang}")
    values = _values(f, lang, r)
    machine, mode_label = values["machine"], vocab("failure_mode").label_of(f["mode"], lang)
    y, m, d = f["start"]
    end_day = min(28, d + f["days"] % 20)
    meta: dict[str, Any] = {
        "id": doc_id, "title": f"{f['plant']} ({f['state']}): {machine}, {mode_label.lower()}",
        "lang": lang, **({"translation_of": translation_of} if translation_of else {}),
        "summary": _sentence(f["symptoms"][0], lang, values) + ". "
                   + _sentence(f["sentences"]["result"][0], lang, values),
        "status": "example", "completeness": "complete", "authors": [f["name"]],
        "tags": [str(machine), fold(f["plant"]), f["state"].lower(), f["code"].lower()],
        "date_started": f"{y}-{m:02d}-{d:02d}", "date_finished": f"{y}-{m:02d}-{end_day:02d}",
        "plant": {"name": f["plant"], "city": f["city"], "state": f["state"], "country": "VE",
                  "sector": f["sector"], "ownership": "worker-controlled"},
        "equipment": {"class": f["machine"], "name": f"{machine} {f['code']}",
                      "model": f["code"], "year": f["year"], "subunit": str(values["subunit"])},
        "failure": {"symptoms": [_sentence(s, lang, values) for s in f["symptoms"]],
                    "mode": f["mode"], "causes": [_sentence(c, lang, values) for c in f["causes"]]},
        "barriers": ["no-spare-parts"],
        "outcome": {"status": "fixed", "capacity_before_pct": f["pct"],
                    "capacity_after_pct": f["after"]},
        "people": {"volunteers": f["people"], "plant_workers": f["people"] // 2 + 1,
                   "trades": f["trades"]},
        "duration_days": f["days"], "difficulty": 1 + f["days"] % 3,
        "tools": [{"name": str(values["tool"]), "quantity": 1}],
        "parts": [{"name": str(values["part"]), "quantity": 1, "origin": "fabricated",
                   "material": f["part"][2]}],
        "safety": [_pair(s, lang) for s in f["safety"]],
    }
    if f["workshops"]:
        meta["workshops"] = f["workshops"]
    if f["related"]:
        meta["related"] = f["related"]
    return meta


def _repair_body(f: dict[str, Any], lang: str, photo: tuple[str, str] | None = None,
                 name: str | None = None) -> str:
    r = random.Random(f"{f['code']}:{lang}:body")
    values = _values(f, lang, r)
    titles = vocab("repair_section").terms
    parts = []
    for section in SECTIONS:
        text = " ".join(_sentence(s, lang, values) for s in f["sentences"][section])
        if section == "repair" and photo:
            text += f"\n\n![{photo[0]}]({name})"
        parts.append(f"## {titles[section][lang]}\n\n{text}\n")
    return "\n".join(parts)


class _Numbers(dict):
    """Placeholder values; {n} and {m} are new random numbers at every use."""

    def __init__(self, values: dict[str, Any], r: random.Random) -> None:
        super().__init__(values)
        self.r = r

    def __getitem__(self, key: str) -> Any:
        if key == "n":
            return self.r.randint(2, 90)
        if key == "m":
            return self.r.randint(91, 400)
        return super().__getitem__(key)


def _values(f: dict[str, Any], lang: str, r: random.Random) -> dict[str, Any]:
    k = 0 if lang == "es" else 1
    (es_one, es_many), (en_one, en_many) = f["spec"]["es"], f["spec"]["en"]
    trade = blocks()["trade_words"][f["trades"][0]][k]
    return _Numbers({
        "machine": _noun([es_one, en_one], lang), "machines": _noun([es_many, en_many], lang),
        "subunit": _noun(f["subunit"], lang), "part": _noun(f["part"], lang),
        "tool": _noun(f["tool"], lang), "trade": trade, "plant": f["plant"],
        "city": f["city"], "state": f["state"], "pct": f["pct"], "days": _Count(f["days"]),
        "year": f["year"], "code": f["code"], "name": f["name"],
    }, r)


ARTICLES = {"el": (False, False), "la": (True, False), "los": (False, True), "las": (True, True)}
FORMS = {  # article forms by (feminine, plural): m, f, m plural, f plural
    "el": ("el", "la", "los", "las"), "del": ("del", "de la", "de los", "de las"),
    "al": ("al", "a la", "a los", "a las"), "un": ("un", "una", "unos", "unas"),
}


@dataclass(frozen=True)
class _Noun:
    """A noun in a sentence, agreeing through its format spec (see blocks.yaml):
    ``{part}`` bare, ``{part:el}`` ``{part:del}`` ``{part:al}`` ``{part:un}`` with the
    article, ``{part:nuevo}`` an agreeing adjective, ``{part:era|eran}`` by number."""

    text: str
    feminine: bool
    plural: bool
    lang: str

    def __str__(self) -> str:
        return self.text

    def __format__(self, spec: str) -> str:
        if not spec:
            return self.text
        if "|" in spec:
            one, many = spec.split("|")
            return many if self.plural else one
        if self.lang != "es":
            raise ValueError(f"{spec!r}: only singular|plural in English ({self.text})")
        form = self.feminine + 2 * self.plural
        if spec in FORMS:
            return f"{FORMS[spec][form]} {self.text}"
        if spec.isalpha() and spec.endswith("o"):  # an adjective: nuevo, nueva, nuevos, nuevas
            return spec[:-1] + ("o", "a", "os", "as")[form]
        raise ValueError(f"unknown form {spec!r} of {self.text!r}")


def _noun(entry: list[str], lang: str) -> _Noun:
    """``[la válvula, valve, ...]``: the Spanish article gives gender and number to both."""
    article, _, text = entry[0].partition(" ")
    if article not in ARTICLES or not text:
        raise ValueError(f"blocks.yaml: {entry[0]!r} needs its article (el, la, los, las)")
    feminine, plural = ARTICLES[article]
    return _Noun(text if lang == "es" else entry[1], feminine, plural, lang)


class _Count(int):
    """A number of things: ``{days:día|días}`` is singular for 1."""

    def __format__(self, spec: str) -> str:
        if "|" in spec:
            one, many = spec.split("|")
            return one if self == 1 else many
        return super().__format__(spec)


def _activity(k: int, minutes: int, lang: str) -> dict[str, Any]:
    kinds = ("opening", "demonstration", "group-work", "closing")
    groups = ("whole-group", "whole-group", "small-groups", "whole-group")
    label = vocab("activity_kind").label_of(kinds[k], lang)
    return {"title": label, "minutes": minutes, "kind": kinds[k], "grouping": groups[k],
            "description": label}


def _sentence(pair: list[str], lang: str, values: dict[str, Any]) -> str:
    text = _pair(pair, lang).format_map(values)
    return text[0].upper() + text[1:]


def _pair(pair: list[str], lang: str) -> str:
    return pair[0] if lang == "es" else pair[1]


def _other(lang: str) -> str:
    return "en" if lang == "es" else "es"


def _code(r: random.Random) -> str:
    letters = "".join(r.choice(string.ascii_uppercase) for _ in range(2))
    return f"{letters}-{r.randint(100, 9999)}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text).replace("ñ", "n")).strip("-")


def _document(meta: dict[str, Any], body: str) -> str:
    front = yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{front}---\n\n{body}"


def _write(folder: Path, files: dict[str, str] | dict[str, str | bytes]) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        if isinstance(data, bytes):
            (folder / name).write_bytes(data)
        else:
            (folder / name).write_text(data, encoding="utf-8")
    return len(files)


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
