"""The programme planner (builder/site/static/facilitator.js), run with node, and on
the built programme page in Chromium."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

JS = Path(__file__).parent.parent / "builder" / "site" / "static" / "facilitator.js"
NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")


def js(call: str):
    """The JSON value of ``call`` on facilitator.js's exports (``f``) under node."""
    script = f"const f = require({json.dumps(str(JS))}); console.log(JSON.stringify({call}));"
    done = subprocess.run([NODE, "-e", script], capture_output=True, text=True, timeout=60,
                          check=True)
    return json.loads(done.stdout)


def workshop(wid: str, activities: list[int], prerequisites: list[str] = ()) -> dict:
    return {"id": wid, "title": wid.upper(), "minutes": sum(activities),
            "activities": activities, "prerequisites": list(prerequisites)}


def plan(catalogue: list[dict], chosen: list[str], days: int, per_day: int) -> dict:
    return js(f"f.plan({json.dumps(catalogue)}, {json.dumps(chosen)}, {days}, {per_day})")


def order(result: dict) -> list[str]:
    seen: list[str] = []
    for day in result["days"]:
        seen += [s["id"] for s in day if s["id"] not in seen]
    return seen


@needs_node
def test_prerequisite_chain_comes_first_even_when_not_ticked():
    # c needs b, b needs a; the catalogue lists them backwards; only c is ticked.
    catalogue = [workshop("c", [60]), workshop("b", [60], ["a"]), workshop("a", [60])]
    catalogue[0]["prerequisites"] = ["b"]
    result = plan(catalogue, ["c"], 5, 120)
    assert order(result) == ["a", "b", "c"]
    assert {(a["id"], a["for"]) for a in result["added"]} == {("b", "c"), ("a", "b")}
    assert [[s["id"] for s in day] for day in result["days"]][:2] == [["a", "b"], ["c"]]
    assert result["unplaced"] == []


@needs_node
def test_over_full_week_says_what_does_not_fit_and_why():
    # 5 days x 120 min = 600 min; 4 workshops of 180 min (cut between activities) = 720.
    catalogue = [workshop(w, [60, 60, 60]) for w in ("w1", "w2", "w3", "w4")]
    catalogue.append(workshop("after", [30], ["w4"]))  # needs one that does not fit
    catalogue.append(workshop("marathon", [150]))  # one activity longer than a day
    result = plan(catalogue, [w["id"] for w in catalogue], 5, 120)
    days = result["days"]
    assert len(days) == 5 and all(sum(s["minutes"] for s in d) <= 120 for d in days)
    assert order(result) == ["w1", "w2", "w3"]
    # w1 runs over two days, in parts cut between its activities
    w1 = [s for d in days for s in d if s["id"] == "w1"]
    assert [(s["part"], s["parts"], s["minutes"]) for s in w1] == [(1, 2, 120), (2, 2, 60)]
    reasons = {u["id"]: u["reason"] for u in result["unplaced"]}
    assert reasons == {"w4": "no_room", "after": "needs", "marathon": "too_long"}
    needs = next(u for u in result["unplaced"] if u["id"] == "after")
    assert needs["title"] == "W4"
    assert next(u for u in result["unplaced"] if u["id"] == "marathon")["minutes"] == 150


@needs_node
def test_a_cycle_is_reported_not_looped():
    catalogue = [workshop("x", [30], ["y"]), workshop("y", [30], ["x"]), workshop("z", [30])]
    result = plan(catalogue, ["x", "z"], 2, 60)
    assert order(result) == ["z"]
    assert {u["id"]: u["reason"] for u in result["unplaced"]} == {"x": "cycle", "y": "cycle"}


def test_planner_page_offline(built_site, browser):
    from .browser_helpers import open_page

    base = built_site.resolve().as_uri()
    page = open_page(browser, base)
    page.goto(f"{base}/talleres/index.html")
    # The example's "medir piezas" (90 min) needs "taller básico" (30 min).
    page.fill("[data-kb-days]", "1")
    page.fill("[data-kb-per-day]", "100")
    page.check("[data-kb-workshop=ejemplo-medir-piezas] input[type=checkbox]")
    page.click("[data-kb-run]")
    sheet = page.locator("[data-kb-sheet]")
    text = sheet.inner_text()
    assert "Día 1" in text
    assert page.locator("[data-kb-reason=no_room]").count() == 1, text
    placed = sheet.locator(".kb-programme-sheet a").all_inner_texts()
    assert placed[0] != "guía" and "guía" in placed, placed  # a title, then its guide link
    page.fill("[data-kb-per-day]", "120")
    page.click("[data-kb-run]")
    assert page.locator("[data-kb-reason]").count() == 0
    links = sheet.locator(".kb-programme-sheet a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert any(h.endswith("ejemplo-taller-basico/guia/index.html") for h in hrefs), hrefs
    assert sheet.locator("li").first.inner_text().startswith(
        page.locator("[data-kb-workshop=ejemplo-taller-basico] a").first.inner_text())
    page.emulate_media(media="print")
    assert page.locator(".kb-catalogue").first.is_hidden()
    assert sheet.is_visible()
    assert page.kb_errors == [] and page.kb_external == []
