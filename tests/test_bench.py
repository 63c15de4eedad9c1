"""`python -m bench` on a tiny corpus: every part runs and reports; no figure is judged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.__main__ import main
from bench.corpus import generate
from builder.checker import check

from .browser_helpers import CHROMIUM

SIZE = 20
STEPS = {"check", "index", "build", "check_one", "check_one_warm", "update", "rebuild",
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
