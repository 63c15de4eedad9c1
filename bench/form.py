"""The phone form "Contar una reparación" (issue 17): its weight and the time to reduce a photo.

Run as its own process by ``python -m bench`` (``python -m bench.form OUT``), with Debian's
/usr/bin/chromium through Playwright; no browser is downloaded.

- Weight: the bytes of the single-file form (``contar-reparacion.html``,
  ``tell-a-repair.html``) exactly as ``kb build`` writes it, and gzipped (what a
  server or a zip would send); the same form in the site is its page plus the shared
  scripts and style, which are counted too.
- Reduce: the Spanish single file opened from file:// at 390x844, as after WhatsApp; on
  the photos screen a 12-megapixel camera JPEG (4000x3000, lying on its side with EXIF
  orientation 6, with a GPS position) is chosen, on a fresh page each time. Two figures,
  read inside the page: the form's own timer around decoding, rotating, scaling to 1600
  px and encoding the JPEG (``window.kbLastReduceMs``), and from the input's ``change``
  event until the photo shows on screen (the draft's copy in IndexedDB included).
"""

from __future__ import annotations

import gzip
import io
import json
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from . import report
from .browser import ARGS, CHROMIUM

REPEATS = 3
MEGAPIXELS = (4000, 3000)
TIMEOUT_MS = 120_000
# Installed before the form's scripts: when a photo was chosen, when it was shown.
PROBE = """
window.__kbChosen = null; window.__kbShown = null;
document.addEventListener("change", e => {
  if (e.target.id === "photo_input") { window.__kbChosen = e.timeStamp; window.__kbShown = null; }
}, true);
new MutationObserver(() => {
  if (window.__kbShown === null && window.__kbChosen !== null
      && document.querySelector("#photos .photo"))
    window.__kbShown = performance.now();
}).observe(document, {childList: true, subtree: true});
"""
HOW = """\
- Weight: the single-file form (`contar-reparacion.html`, `tell-a-repair.html`) as `kb build`
  writes it (`builder/site/form_page.py`), raw and gzipped; the site's copy is its page
  (`formulario/es.html`) plus the scripts and style beside it, shared by both languages.
- Reduce: Debian's `/usr/bin/chromium`, headless, through Playwright, at 390x844; the Spanish
  single file from `file://`, a fresh page for each of {repeats} photos. The photo is a
  {mp:.0f}-megapixel JPEG ({w}x{h}, {mb:.1f} MB, EXIF orientation 6 and a GPS position) chosen
  on the photos screen. "Reduce" is the form's own timer around decode, rotation, scaling to
  1600 px and JPEG encoding (`window.kbLastReduceMs`); "chosen to shown" runs from the input's
  `change` event until the photo's card is on screen (its copy in IndexedDB included). A
  desktop core is several times faster than an old phone: these figures are a floor.
"""


def run(tmp: Path, log: Any) -> dict[str, Any]:
    """Measure in a child process; ``tmp`` holds the photo and the result."""
    from .measure import python
    from .measure import run as measured

    out = tmp / "form.json"
    done = measured(python("-m", "bench.form", str(out)), Path(__file__).resolve().parents[1])
    data = {**json.loads(out.read_text(encoding="utf-8")), "run": done.as_dict()}
    log(f"form: {data['weight']['single']['es']['bytes'] / 1024:.0f} KB; 12 MP photo reduced "
        f"in {data['reduce']['reduce_ms']['median']:.0f} ms (median)")
    return data


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    with tempfile.TemporaryDirectory(prefix="kb-bench-form-") as tmp:
        out.write_text(json.dumps(measure(Path(tmp)), indent=2), encoding="utf-8")
    return 0


def measure(tmp: Path) -> dict[str, Any]:
    from builder.site import form_page

    single = {lang: form_page.form_html(lang, single=True) for lang in ("es", "en")}
    photo = tmp / "IMG_20240312_093011.jpg"
    photo.write_bytes(camera_photo())
    page = tmp / form_page.SINGLE["es"]
    page.write_text(single["es"], encoding="utf-8")
    return {"weight": weight(form_page, single), "limit_bytes": form_page.MAX_SINGLE_BYTES,
            "photo": {"width": MEGAPIXELS[0], "height": MEGAPIXELS[1],
                      "bytes": photo.stat().st_size},
            "reduce": reduce_times(page, photo)}


def weight(form_page: Any, single: dict[str, str]) -> dict[str, Any]:
    def sized(text: str) -> dict[str, int]:
        raw = text.encode("utf-8")
        return {"bytes": len(raw), "gzip_bytes": len(gzip.compress(raw, 9))}

    shared = sum(len((form_page.FORM_DIR / name).read_bytes())
                 for name in (*form_page.SCRIPTS, "form.css"))
    site = {lang: len(form_page.form_html(lang, single=False).encode("utf-8")) + shared
            for lang in single}
    return {"single": {lang: sized(text) for lang, text in single.items()}, "site_bytes": site}


def camera_photo() -> bytes:
    """A camera-size colour JPEG lying on its side (EXIF orientation 6), with GPS."""
    from PIL import Image

    w, h = MEGAPIXELS
    ramp = Image.linear_gradient("L").resize((w, h))
    noise = Image.effect_noise((w, h), 40)
    image = Image.merge("RGB", (ramp, noise, Image.blend(ramp, noise, 0.5)))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (10.0, 30.0, 0.0), 3: "W", 4: (66.0, 55.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def reduce_times(page: Path, photo: Path) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    runs = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            for _ in range(REPEATS):
                runs.append(_one(browser, page, photo))
            version = browser.version
        finally:
            browser.close()
    return {"chromium": version, "runs": runs,
            "reduce_ms": _stats([r["reduce_ms"] for r in runs]),
            "shown_ms": _stats([r["shown_ms"] for r in runs])}


def _one(browser: Any, page_file: Path, photo: Path) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        context.add_init_script(PROBE)
        page = context.new_page()
        page.goto(page_file.as_uri())
        page.wait_for_selector("body[data-ready=true]")
        page.click("#steps button:nth-child(5)")
        page.set_input_files("#photo_input", str(photo))
        page.wait_for_function("window.__kbShown !== null", timeout=TIMEOUT_MS)
        reduce_ms, chosen, shown, meta = page.evaluate(
            "[window.kbLastReduceMs, window.__kbChosen, window.__kbShown,"
            " document.querySelector('#photos .photo .meta').textContent]")
        return {"reduce_ms": round(reduce_ms, 1), "shown_ms": round(shown - chosen, 1),
                "shown": meta.strip()}
    finally:
        context.close()


def _stats(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 1), "max": round(max(values), 1),
            "min": round(min(values), 1)}


def _spread(stats: dict[str, float]) -> str:
    return f"{stats['median']:,.0f} / {stats['max']:,.0f}"


def rows(data: dict[str, Any]) -> report.Rows:
    """Measure / value rows for the terminal and the page (one column)."""
    w, r, ph = data["weight"], data["reduce"], data["photo"]

    def kb(n: int) -> str:
        return f"{n / 1024:,.1f}"

    out: report.Rows = [
        (f"single file {name}: KB (gzipped)",
         [f"{kb(w['single'][lang]['bytes'])} ({kb(w['single'][lang]['gzip_bytes'])})"])
        for lang, name in (("es", "contar-reparacion.html"), ("en", "tell-a-repair.html"))]
    out += [
        ("in the site, page and shared scripts: KB (es / en)",
         [f"{kb(w['site_bytes']['es'])} / {kb(w['site_bytes']['en'])}"]),
        (f"photo: {ph['width'] * ph['height'] / 1e6:.0f} MP JPEG, MB",
         [f"{ph['bytes'] / 1e6:.1f}"]),
        ("reduce to 1600 px, ms (median / max)",
         [_spread(r["reduce_ms"])]),
        ("photo chosen to shown, ms (median / max)",
         [_spread(r["shown_ms"])]),
        ("reduced photo", [r["runs"][0]["shown"]]),
        ("load average before (2 cores; others' work)",
         [f"{data['run']['load']:.1f}" if "run" in data else report.DASH]),
    ]
    return out


def budgets(data: dict[str, Any] | None) -> list[report.Budget]:
    """Issue 17: the single file under 150 KB, in each language."""
    if not data:
        return []
    limit = data["limit_bytes"]
    return [report.Budget("form_weight", f"single-file form, {lang}", f"under {limit // 1024} KB",
                          f"{data['weight']['single'][lang]['bytes'] / 1024:.1f} KB",
                          data["weight"]["single"][lang]["bytes"] < limit)
            for lang in ("es", "en")]


def text(data: dict[str, Any]) -> str:
    table = rows(data)
    first = max(len(label) for label, _ in table)
    return "\n".join(["phone form (issue 17)", "-" * (first + 2 + 24),
                      *(label.ljust(first) + "  " + cells[0] for label, cells in table)])


def markdown(data: dict[str, Any]) -> str:
    lines = ["| measure | value |", "|---|---:|"]
    lines += [f"| {label} | {cells[0]} |" for label, cells in rows(data)]
    ph = data["photo"]
    how = HOW.rstrip().format(repeats=len(data["reduce"]["runs"]), w=ph["width"], h=ph["height"],
                              mp=ph["width"] * ph["height"] / 1e6, mb=ph["bytes"] / 1e6)
    return "\n".join([*lines, "", "How:", "", how])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
