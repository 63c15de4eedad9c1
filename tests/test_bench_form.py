"""`python -m bench --parts form`: the phone form's weight and a 12 MP photo reduced in chromium."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from bench import form
from bench.__main__ import main
from builder.site import form_page

from .browser_helpers import CHROMIUM


def test_the_camera_photo_is_camera_like():
    with Image.open(io.BytesIO(form.camera_photo())) as im:
        assert im.size == form.MEGAPIXELS
        exif = im.getexif()
        assert exif[0x0112] == 6 and exif.get_ifd(0x8825)  # on its side, with GPS


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs)")
def test_form_part_weighs_the_single_file_and_times_the_reduction(tmp_path: Path):
    code = main(["--parts", "form", "--out", str(tmp_path / "out"),
                 "--docs", str(tmp_path / "benchmarks.md"), "--work", str(tmp_path / "work")])
    assert code == 0
    data = json.loads((tmp_path / "out" / "site-latest.json").read_text(encoding="utf-8"))
    result = data["form"]
    for lang in ("es", "en"):
        single = result["weight"]["single"][lang]
        assert single["bytes"] == len(form_page.form_html(lang, single=True).encode("utf-8"))
        assert 0 < single["gzip_bytes"] < single["bytes"]
        assert result["weight"]["site_bytes"][lang] > 0
    runs = result["reduce"]["runs"]
    assert len(runs) == form.REPEATS
    for run in runs:
        assert run["reduce_ms"] > 0 and run["shown_ms"] > 0
        assert "1200 × 1600 px" in run["shown"]  # upright and reduced
    names = {b["name"]: b["verdict"] for b in data["budgets"]}
    assert names["single-file form, es"] in ("met", "MISSED")
    page = (tmp_path / "benchmarks.md").read_text(encoding="utf-8")
    assert "## The phone form (issue 17)" in page and "| single file tell-a-repair.html" in page
