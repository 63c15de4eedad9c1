"""`python -m bench` on a tiny corpus: every part runs and reports; no figure is judged."""

from __future__ import annotations

import functools
import json
import random
import re
from pathlib import Path

import pytest

from bench.__main__ import main
from bench.corpus import _Count, _noun, _Numbers, _sentence, blocks, generate
from builder.check.checker import check

from .browser_helpers import CHROMIUM

SIZE = 20
STEPS = {"check", "index", "build", "noop", "check_one", "check_one_warm", "update", "rebuild",
         "plain_home", "plain"}


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory) -> tuple[int, dict, str]:
    tmp = tmp_path_factory.mktemp("bench")
    parts = "site,browser" if CHROMIUM.exists() else "site"
    code = main(["--sizes", str(SIZE), "--parts", parts, "--out", str(tmp / "out"),
                 "--docs", str(tmp / "benchmarks.md"), "--work", str(tmp / "work")])
    data = json.loads((tmp / "out" / "site-latest.json").read_text(encoding="utf-8"))
    return code, data, (tmp / "benchmarks.md").read_text(encoding="utf-8")


def test_every_step_is_measured_in_its_own_process(bench_run):
    code, data, _ = bench_run
    assert code == 0
    [result] = data["site"]
    assert result["size"] == SIZE
    assert set(result["runs"]) == STEPS
    for run in result["runs"].values():
        assert run["seconds"] > 0 and run["peak_mb"] > 0


def test_sizes_of_our_site_and_of_plain_mkdocs(bench_run):
    [result] = bench_run[1]["site"]
    ours, plain = result["ours"], result["plain"]
    workshops = 16  # 8, each in two languages
    assert ours["writeup_pages"] == plain["writeup_pages"] == result["documents"] - workshops
    assert ours["pages"] > plain["pages"] > ours["writeup_pages"]
    assert ours["writeup_avg_bytes"] > 0 and 0 < ours["image_bytes"] < ours["bytes"]
    assert ours["search_bytes"] > 0 and ours["search_files"] > 2 and ours["whoosh_bytes"] > 0
    assert result["plain_home"]["search_bytes"] == plain["search_bytes"]


def test_page_says_how_the_figures_were_made(bench_run):
    _, data, text = bench_run
    assert data["command"].startswith("make bench BENCH_ARGS=")
    assert f"- Command: `{data['command']}`, which runs `{data['direct']}`." in text
    assert "| write-ups | 20 |" in text and "## Budgets" in text
    assert "| write-up page average, images excluded, 20 | under 40 KB |" in text
    assert {b["verdict"] for b in data["budgets"]} <= {"met", "MISSED", "not measured"}
    assert data["machine"]["nproc"] >= 1 and data["machine"]["mkdocs"] == "1.6.1"


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs)")
def test_browser_part_measures_both_searches(bench_run):
    [result] = bench_run[1]["browser"]
    ours = result["ours_file"]
    assert len(ours["one_word"]) == 8 and len(ours["two_words"]) == 8
    for query in ours["one_word"] + ours["two_words"]:
        assert query["index_bytes"] > 0 and query["external_requests"] == []
    for query in result["material_http"]["queries"]:  # its index loads whole
        assert query["index_bytes"] == result["material_index_bytes"]
    assert result["material_file_works"] is False  # its worker shim comes from a CDN
    slow = result["ours_file_slow"]
    assert slow["slow"] == 6 and len(slow["one_word"]) == 8
    parts = result["ours_index_parts"]
    assert 0 < parts["forgiving"] < result["ours_index_bytes"]
    assert sum(parts[k] for k in ("s", "v", "d", "meta", "facets")) == result["ours_index_bytes"]


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs)")
def test_browser_part_measures_pagefind_when_installed(bench_run):
    pytest.importorskip("pagefind_bin")
    [result] = bench_run[1]["browser"]
    built = result["pagefind_index"]
    assert built["version"].startswith("pagefind 1.") and built["pages"] > 0
    assert 0 < built["index_bytes"] < built["bytes"]
    queries = result["pagefind_http"]["one_word"]
    assert len(queries) == 8
    for query in queries:
        assert query["external_requests"] == [] and query["code_bytes"] > 0
        assert 0 < query["index_bytes"] < built["index_bytes"]  # only what the word needs
    assert any(q["found"][:1].isdigit() for q in queries)  # "N resultados encontrados"


def test_photos_make_a_valid_corpus_and_leave_the_default_as_it_was(tmp_path: Path):
    with_photos = generate(tmp_path / "photos", repairs=40, images=True)
    plain = generate(tmp_path / "plain", repairs=40)
    assert with_photos.photos > 0 and plain.photos == 0
    assert check(with_photos.content).errors == []
    photos = sorted(with_photos.content.rglob("*.jpg"))
    assert len(photos) == with_photos.photos
    for md in plain.content.rglob("*.md"):  # a write-up without a photo is unchanged
        twin = with_photos.root / md.relative_to(plain.root)
        if not any(twin.parent.glob("*.jpg")):
            assert twin.read_bytes() == md.read_bytes()


def test_unknown_part_is_a_usage_error():
    with pytest.raises(SystemExit) as exc:
        main(["--parts", "site,everything"])
    assert exc.value.code == 2


# -- Spanish agreement: articles, adjectives and verbs agree with the nouns of blocks.yaml --

FORMS = {  # (feminine, plural) -> the article words that go with such a noun
    (False, False): {"el", "del", "al", "un"}, (True, False): {"la", "una"},
    (False, True): {"los", "unos"}, (True, True): {"las", "unas"},
}
GENDER = {"el": (False, False), "la": (True, False), "los": (False, True), "las": (True, True)}
ENDINGS = {(False, False): "o", (True, False): "a", (False, True): "os", (True, True): "as"}
PARTICIPLES = ("quemad|desgastad|averiad|agrietad|desbalancead|tapad|partid|gastad|calibrad"
               "|desmontad|comprad|suci|nuev")


def spanish_nouns() -> dict[str, tuple[str, tuple[bool, bool]]]:
    """Spanish noun -> (its English, (feminine, plural)), from the article stored with it."""
    b = blocks()
    entries = [[m["es"][0], m["en"][0]] for m in b["machines"].values()]
    entries += [s for m in b["machines"].values() for s in m["subunits"]]
    entries += b["parts"] + b["tools"] + [b["workshop_subunit"]]
    nouns = {}
    for es, en, *_ in entries:
        article, noun = es.split(" ", 1)
        assert article in GENDER, f"{es!r}: no article in blocks.yaml"
        assert nouns.setdefault(noun, (en, GENDER[article]))[1] == GENDER[article], noun
    return nouns


@functools.cache
def agreement_patterns() -> list[tuple[re.Pattern, set[str]]]:
    """(pattern, allowed): a match whose group 1 is not in ``allowed`` is a disagreement.
    One pattern per check and per gender and number, with all the nouns that have them."""
    by_form: dict[tuple[bool, bool], list[tuple[str, str]]] = {}
    for noun, (en, form) in spanish_nouns().items():
        by_form.setdefault(form, []).append((noun, en))
    patterns = []
    for form, nouns in by_form.items():
        es = "|".join(sorted((re.escape(n) for n, _ in nouns), key=len, reverse=True))
        en = "|".join(sorted({re.escape(e) for _, e in nouns}, key=len, reverse=True))
        wrong = "|".join(sorted(set().union(*FORMS.values()) - FORMS[form]))
        plural = form[1]
        patterns += [
            (rf"\b({wrong}) (?:{es})\b", set()),  # el válvula, la rodamiento
            (rf"(?<!del )(?<!de la )(?<!de los )(?<!de las )\b(?:{es}) "  # válvula agrietado
             rf"(?:(?:mal|estaban?) )?(?:{PARTICIPLES})(os|as|o|a)\b", {ENDINGS[form]}),
            (rf"\b(?:{es}) (?:no )?\w+(?:aba|ía)(n?)\b", {"n" if plural else ""}),  # frenos seguía
            (rf"\bse \w+(ó|aron|ieron) (?:el|la|los|las) (?:{es})\b",  # se ajustó los frenos
             {"aron", "ieron"} if plural else {"ó"}),
            (rf"(?<!of )(?<!in )\bthe (?:{en}) (was|were)\b", {"were" if plural else "was"}),
        ]
    patterns.append((r"\b1 (días|days)\b", set()))
    return [(re.compile(p, re.I), allowed) for p, allowed in patterns]


def disagreements(text: str) -> list[str]:
    """Every phrase of ``text`` where a noun of blocks.yaml and its article, adjective or
    verb disagree ("el válvula", "la bomba estaba tapado", "the brakes was"). Words are
    taken as separated by one space, so that no phrase runs across lines of a page."""
    return [m.group(0) for pattern, allowed in agreement_patterns()
            for m in pattern.finditer(text) if m.group(1).lower() not in allowed]


def test_agreement_checks_find_the_old_mistakes():
    old = ("El válvula no giraba. Se cambió del válvula y un válvula. Se fabricó la rodamiento."
           " La bomba de alimentación estaba tapado. Seis meses después los frenos seguía"
           " funcionando. Se ajustó los tubos de fuego. The brakes was broken. Duró 1 días.")
    assert len(disagreements(old)) == 9
    assert disagreements("La válvula no giraba. Se cambió la polea por una comprada. La bomba"
                         " de alimentación estaba tapada. Se ajustaron los tubos de fuego."
                         " The circuit of the brakes was checked. Duró 1 día.") == []


def test_generated_spanish_agrees_with_its_nouns(tmp_path: Path):
    corpus = generate(tmp_path, repairs=30, images=True)
    assert check(corpus.content).errors == []
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(corpus.content.rglob("*.md")))
    assert re.search(r"\b(?:la|una|de la|a la) válvula\b", text, re.I)  # it is in there
    assert disagreements(text) == []


def test_every_sentence_agrees_with_every_noun():
    """Each sentence of blocks.yaml with each machine and subunit (and all parts, tools)."""
    b = blocks()
    sentences = [p for mode in b["modes"].values() for p in mode["symptoms"] + mode["causes"]]
    sentences += [p for key in ("context", "diagnosis", "repair", "result", "lessons")
                  for p in b[key]] + [pair for photo in b["photos"] for pair in photo]
    k = 0
    for spec in b["machines"].values():
        for subunit in spec["subunits"]:
            part, tool = b["parts"][k % len(b["parts"])], b["tools"][k % len(b["tools"])]
            k += 1
            for lang in ("es", "en"):
                values = _Numbers({
                    "machine": _noun([spec["es"][0], spec["en"][0]], lang),
                    "subunit": _noun(subunit, lang), "part": _noun(part, lang),
                    "tool": _noun(tool, lang), "trade": "soldadura", "plant": "Planta Tiuna",
                    "city": "Coro", "state": "Lara", "pct": 40, "days": _Count(1 + k % 2),
                    "year": 1990, "code": "AB-123", "name": "Ana"}, random.Random(k))
                text = "\n".join(_sentence(pair, lang, values) for pair in sentences)
                assert disagreements(text) == [], (subunit, lang)
    assert k > len(b["parts"]) + len(b["tools"])  # every part and tool had its turn


def test_serve_part_budgets_and_page() -> None:
    from bench import serve

    data = {"first_page_kb": 307, "first_page_gz_kb": 73,
            "zim_real": {"zim_mb": 1.2, "site_mb": 5.4, "zim_s": 4.3, "entries": 545},
            "load": {"kb serve": {"clients": 100, "requests": 32792, "per_second": 1605,
                                  "failed": 0, "p50_ms": 52, "p99_ms": 189, "slowest_ms": 595.0},
                     "python -m http.server": {"clients": 100, "requests": 16176,
                                               "per_second": 466, "failed": 34, "p50_ms": 5,
                                               "p99_ms": 2100, "slowest_ms": 33200.0}}}
    assert [b.met for b in serve.budgets(data)] == [True, True]
    data["load"]["kb serve"]["slowest_ms"] = 1500.0
    assert [b.met for b in serve.budgets(data)] == [True, False]
    text = serve.markdown(data)
    assert "| kb serve | 32,792 | 1605 | 0 |" in text and "1.2 MB from a 5.4 MB site" in text
