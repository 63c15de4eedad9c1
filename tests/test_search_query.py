"""Queries: ranking, filters, facet counts, snippets, did-you-mean, bad input; `kb search`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builder.search import index
from builder.search.query import Filters, SearchError, SearchIndex, search

from .conftest import make_project


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_project(tmp_path)


@pytest.fixture
def ix(root: Path):
    with SearchIndex.open(root / "content", index.index_folder(root)) as opened:
        yield opened


def test_ranked_hits_with_snippets_and_facets(ix):
    found = ix.search("bomba impulsor")
    assert [(h.id, h.lang, h.kind) for h in found.hits][:1] == [
        ("ejemplo-bomba-agua", "es", "repair")]
    top = found.hits[0]
    assert top.path == "content/repairs/ejemplo-bomba-agua/index.md"
    assert "**impulsor**" in top.snippet or "**bomba**" in top.snippet
    assert found.total >= len(found.hits)
    assert found.facets["kind"]["repair"] >= 1
    assert found.facets["machine_class"] == {"pump": found.facets["kind"]["repair"]}
    assert top.facets["sector"] == ["food-processing"]


def test_a_spanish_word_finds_the_english_translation_through_the_labels(ix):
    found = ix.search("bomba", Filters(lang="en"))
    assert ("ejemplo-bomba-agua", "en") in {(h.id, h.lang) for h in found.hits}


def test_one_entry_per_document_with_its_translation_named(ix):
    hits = ix.search("bomba").hits
    assert [h.id for h in hits].count("ejemplo-bomba-agua") == 1
    top = next(h for h in hits if h.id == "ejemplo-bomba-agua")
    assert (top.lang, top.translations) == ("es", ["en"])
    english = ix.search("bomba", prefer="en").hits
    assert [(h.lang, h.translations) for h in english if h.id == top.id] == [("en", ["es"])]


def test_filters(ix):
    assert {h.lang for h in ix.search("bomba", Filters(lang="en")).hits} == {"en"}
    assert ix.search("bomba", Filters(kind="workshop")).total == 0
    # one document, in two languages
    assert ix.search("bomba", Filters(machine_class="pump", failure_mode="wear")).total == 1
    assert ix.search("bomba", Filters(sector="fisheries")).hits == []
    counted = ix.search("bomba", Filters(lang="es"))
    assert counted.facets["lang"] == {"es": counted.total}


def test_limit(ix):
    assert len(ix.search("bomba", limit=1).hits) == 1


def test_a_word_spelled_by_ear_finds_the_written_one(ix):
    found = ix.search("vomva")
    assert [h.id for h in found.hits][:1] == ["ejemplo-bomba-agua"]
    assert (found.unknown, found.suggestion, found.corrected) == ([], None, False)


def test_did_you_mean_is_searched_when_nothing_matches(ix):
    found = ix.search("implsr")  # two edits in six letters: more than a typo
    assert (found.unknown, found.suggestion, found.corrected) == (["implsr"], "impulsor", True)
    assert [h.id for h in found.hits][:1] == ["ejemplo-bomba-agua"]
    assert ix.search("bomba").suggestion is None
    nothing = ix.search("zzzqqqxxx")
    assert (nothing.total, nothing.unknown, nothing.suggestion) == (0, ["zzzqqqxxx"], None)


def test_no_english_suggestion_for_a_spanish_query(ix):
    found = ix.search("bomba impulsr")
    assert found.lang == "es"
    assert all(t == "es" for t in [h.lang for h in found.hits][:1])


@pytest.mark.parametrize("text", ["", "   ", "de la", "the of", "%%% ???", "¿?¡!"])
def test_a_query_without_words_is_a_clear_error(ix, text):
    with pytest.raises(SearchError) as err:
        ix.search(text)
    assert "palabras" in err.value.text["es"] and "words" in err.value.text["en"]


@pytest.mark.parametrize("text", ['bomba"(', "title:bomba OR *", "bomba\x00", "💥 bomba",
                                  "bomba AND NOT", "b" * 500, "bomba -impulsor +x"])
def test_strange_characters_are_just_characters(ix, text):
    ix.search(text)


def test_results_are_plain_data(ix):
    data = ix.search("bomba").as_dict()
    assert json.loads(json.dumps(data)) == data


def test_search_builds_the_index_when_missing(root):
    found = search(root / "content", index.index_folder(root), "medir")
    assert {h.id for h in found.hits} >= {"ejemplo-medir-piezas"}


# -- kb search ---------------------------------------------------------------


def test_cli_json_is_the_library_result(run_line, root):
    result = run_line("kb search bomba impulsor --limit 3 --json", cwd=root)
    assert result.code == 0, result.err
    library = search(root / "content", index.index_folder(root), "bomba impulsor", limit=3)
    assert json.loads(result.out) == library.as_dict()


def test_cli_filters_as_json(run_line, root):
    result = run_line("kb search bomba --lang en --kind repair --class pump --mode wear "
                      "--sector food-processing --json", cwd=root)
    data = json.loads(result.out)
    assert [(h["id"], h["lang"]) for h in data["hits"]] == [("ejemplo-bomba-agua", "en")]


def test_cli_text_output_is_bilingual(run_line, root):
    result = run_line("kb search bomba", cwd=root)
    assert result.code == 0
    assert "resultado(s) / " in result.out and "result(s): bomba" in result.out
    assert "content/repairs/ejemplo-bomba-agua/index.md" in result.out
    assert "Facetas / facets:" in result.out
    assert "máquina / machine class: pump 2" in result.out


def test_cli_says_when_it_searched_the_nearest_words(run_line, root):
    result = run_line("kb search implsr", cwd=root)
    assert result.code == 0
    assert "Nada para «implsr»; resultados de «impulsor»" in result.out
    assert "1. " in result.out


@pytest.mark.parametrize(("line", "words"), [
    ("kb search de la", ["no tiene palabras", "has no words"]),
    ("kb search '%%%'", ["no tiene palabras", "has no words"]),
    ("kb search bomba --class horno", ["--class: 'horno'", "did you mean oven"]),
    ("kb search bomba --mode roto", ["--mode: 'roto'"]),
    ("kb search bomba --sector pesca", ["--sector: 'pesca'"]),
    ("kb search bomba --limit 0", ["--limit"]),
])
def test_cli_bad_input_is_a_message_not_a_traceback(run_line, root, line, words):
    result = run_line(line, cwd=root)
    assert result.code == 2
    assert all(w in result.err for w in words), result.err
    assert "Traceback" not in result.err + result.out


def test_cli_local_machine_class_is_accepted(run_line, root):
    assert run_line("kb search bomba --class x-molino-de-cana", cwd=root).code == 0


def test_cli_rebuilds_a_corrupt_index(run_line, root):
    assert run_line("kb search bomba", cwd=root).code == 0
    folder = index.index_folder(root)
    for item in folder.glob("gen-*/*"):
        item.write_bytes(b"\x00" * 10)
    result = run_line("kb search bomba --json", cwd=root)
    assert result.code == 0, result.err
    assert json.loads(result.out)["hits"][0]["id"] == "ejemplo-bomba-agua"



def test_cli_shows_the_translation_beside_the_hit(run_line, root):
    result = run_line("kb search 90", cwd=root)
    assert result.code == 0
    assert "(+ en)" in result.out
