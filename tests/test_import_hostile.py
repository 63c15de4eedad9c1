"""`kb import`: hostile packages are refused with a coded, located message, the tree untouched.

Each case builds a bad zip the way an attacker or a broken phone would, runs
`kb import` on a copy of the valid example project, and checks three things:
the exit status, the problem code with the zip entry it points at, and that
nothing under content/ (nor a staging folder) was left behind. Good packages
(the form's, with a manifest, and one zipped by hand) land with their front
matter in the house key order.
"""

from __future__ import annotations

import hashlib
import io
import json
import stat
import struct
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from PIL import Image

from builder.document import catalogue
from builder.load import package as packages

from .conftest import make_project

DOC_ID = "bomba-pozo-la-ceiba"
FOLDER = f"content/repairs/{DOC_ID}"
# keys deliberately out of the house order: the import puts them back in it
INDEX = f"""---
title: "Bomba del pozo de La Ceiba"
id: {DOC_ID}
lang: es
status: first-hand
summary: "La bomba del pozo se paraba por un rodamiento gastado; se cambió y volvió a dar agua."
license: CC-BY-SA-4.0
authors: [Ana Pérez]
outcome:
  status: fixed
plant:
  ownership: commune
  name: Pozo comunal La Ceiba
  country: VE
  sector: water
equipment:
  name: Bomba sumergible del pozo 1
  class: pump
failure:
  mode: vibration
  symptoms: [ruido fuerte al arrancar]
images:
  - {{path: rodamiento.png, alt: Rodamiento gastado junto al nuevo}}
---

## Contexto

El pozo da agua a la comunidad.

## Diagnóstico

Se escuchó el ruido y se desmontó la bomba.

## Reparación

1. Sacar la bomba del pozo.
2. Cambiar el rodamiento.

## Resultado

La bomba volvió a funcionar.

## Lecciones aprendidas

Escuchar la máquina a tiempo.
"""


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (90, 120, 150)).save(out, "PNG")
    return out.getvalue()


PNG = _png()


def manifest(files: dict[str, bytes], doc_id: str = DOC_ID, lang: str = "es") -> bytes:
    return json.dumps({"format": 1, "kind": "repair", "id": doc_id, "lang": lang,
                       "files": [{"path": p, "bytes": len(d),
                                  "sha256": hashlib.sha256(d).hexdigest()}
                                 for p, d in files.items()]}).encode()


def good_files() -> dict[str, bytes]:
    return {f"{FOLDER}/index.md": INDEX.encode(), f"{FOLDER}/rodamiento.png": PNG}


def make_zip(entries: dict[str, bytes] | list[tuple[str, bytes]], with_manifest: bool = True,
             method: int = zipfile.ZIP_DEFLATED) -> bytes:
    items = list(entries.items()) if isinstance(entries, dict) else list(entries)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as zf:
        for name, data in items:
            zf.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data, method)
        if with_manifest:
            zf.writestr(packages.MANIFEST, manifest(dict(items)))
    return out.getvalue()


def with_mode(name: str, data: bytes, mode: int) -> bytes:
    """A zip with one entry carrying a Unix file type (a link, a pipe) and the good files."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for good, content in good_files().items():
            zf.writestr(good, content)
        info = zipfile.ZipInfo(name)
        info.create_system = 3
        info.external_attr = mode << 16
        zf.writestr(info, data)
    return out.getvalue()


def patch_sizes(raw: bytes, name: str, declared: int) -> bytes:
    """Rewrite the uncompressed size of ``name`` in its local header and the central directory."""
    data = bytearray(raw)
    encoded = name.encode()
    local = data.find(b"PK\x03\x04")
    while local != -1:
        if data[local + 30: local + 30 + len(encoded)] == encoded:
            struct.pack_into("<I", data, local + 22, declared)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        if data[central + 46: central + 46 + len(encoded)] == encoded:
            struct.pack_into("<I", data, central + 24, declared)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def set_flag(raw: bytes, flag: int) -> bytes:
    """Set a general-purpose flag bit on every entry (bit 0: encrypted)."""
    data = bytearray(raw)
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(sig)
        while at != -1:
            struct.pack_into("<H", data, at + offset,
                             struct.unpack_from("<H", data, at + offset)[0] | flag)
            at = data.find(sig, at + 4)
    return bytes(data)


def corrupt_crc(raw: bytes) -> bytes:
    data = bytearray(raw)
    at = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, at + 16, 0xDEADBEEF)
    at = data.find(b"PK\x03\x04")
    struct.pack_into("<I", data, at + 14, 0xDEADBEEF)
    return bytes(data)


def _zip_with_manifest(text: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in good_files().items():
            zf.writestr(name, data)
        zf.writestr(packages.MANIFEST, text)
    return out.getvalue()


def tampered() -> bytes:
    files = good_files()
    listed = manifest(files)
    files[f"{FOLDER}/index.md"] = INDEX.replace("Ana Pérez", "Otra Persona").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
        zf.writestr(packages.MANIFEST, listed)
    return out.getvalue()


def lying_size() -> bytes:
    """Declares 10 bytes for an index.md that really holds the whole text."""
    return patch_sizes(make_zip(good_files(), with_manifest=False), f"{FOLDER}/index.md", 10)


def bomb() -> bytes:
    return make_zip({**good_files(), f"{FOLDER}/ceros.png": b"\0" * (4 * 1024 * 1024)},
                    with_manifest=False)


def duplicate() -> bytes:
    entries = [*good_files().items(), (f"{FOLDER}/index.md", b"---\nid: otro\n---\n")]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate: that is the point
        return make_zip(entries, with_manifest=False)


def bzip2() -> bytes:
    return make_zip(good_files(), with_manifest=False, method=zipfile.ZIP_BZIP2)


def too_many() -> bytes:
    extra = {f"{FOLDER}/f{i}.png": PNG for i in range(packages.MAX_ENTRIES)}
    return make_zip({**good_files(), **extra}, with_manifest=False)


BROKEN_INDEX = INDEX.replace("lang: es\n", "lang: es\n  mal: [sangría\n")
G = good_files()

# name -> (zip bytes, code, where: the entry the problem points at, or "" for the whole zip)
CASES: dict[str, tuple[Callable[[], bytes], str, str]] = {
    "not-a-zip": (lambda: b"PK\x03\x04 no soy un zip" * 10, "package-not-zip", ""),
    "dot-dot": (lambda: make_zip({**G, f"{FOLDER}/../../../../evil.png": PNG}),
                "package-unsafe-path", f"{FOLDER}/../../../../evil.png"),
    "absolute": (lambda: make_zip({**G, "/etc/cron.d/evil": b"x"}), "package-unsafe-path",
                 "/etc/cron.d/evil"),
    "backslash": (lambda: make_zip({**G, "content\\repairs\\x\\index.md": b"x"}),
                  "package-unsafe-path", "content\\\\repairs\\\\x\\\\index.md"),
    "drive-letter": (lambda: make_zip({**G, "C:/Windows/evil.png": PNG}), "package-unsafe-path",
                     "C:/Windows/evil.png"),
    "control-char": (lambda: make_zip({**G, f"{FOLDER}/a\x1bb.png": PNG}), "package-unsafe-path",
                     f"{FOLDER}/a\\x1bb.png"),
    "duplicate": (duplicate, "package-duplicate-name", f"{FOLDER}/index.md"),
    "case-collision": (lambda: make_zip({**G, f"{FOLDER}/Rodamiento.PNG": PNG}),
                       "package-duplicate-name", f"{FOLDER}/Rodamiento.PNG"),
    "symlink": (lambda: with_mode(f"{FOLDER}/foto.png", b"/etc/passwd", stat.S_IFLNK | 0o777),
                "package-link", f"{FOLDER}/foto.png"),
    "fifo": (lambda: with_mode(f"{FOLDER}/tubo.png", b"", stat.S_IFIFO | 0o644),
             "package-special-file", f"{FOLDER}/tubo.png"),
    "encrypted": (lambda: set_flag(make_zip(G, with_manifest=False), 0x1), "package-unsupported",
                  f"{FOLDER}/index.md"),
    "bzip2": (bzip2, "package-unsupported", f"{FOLDER}/index.md"),
    "ratio-bomb": (bomb, "package-zip-bomb", f"{FOLDER}/ceros.png"),
    "lying-size": (lying_size, "package-damaged", f"{FOLDER}/index.md"),
    "bad-crc": (lambda: corrupt_crc(make_zip(G, with_manifest=False)), "package-damaged",
                f"{FOLDER}/index.md"),
    "too-many-files": (too_many, "package-too-many-files", ""),
    "script": (lambda: make_zip({**G, f"{FOLDER}/instalar.sh": b"rm -rf /"}),
               "package-unexpected-file", f"{FOLDER}/instalar.sh"),
    "workshop-folder": (lambda: make_zip({**G, "content/workshops/x/index.md": b"x"}),
                        "package-unexpected-file", "content/workshops/x/index.md"),
    "subfolder": (lambda: make_zip({**G, f"{FOLDER}/mas/foto.png": PNG}),
                  "package-unexpected-file", f"{FOLDER}/mas/foto.png"),
    "bad-id": (lambda: make_zip({"content/repairs/Mi_Bomba/index.md": INDEX.encode()}),
               "package-bad-id", "content/repairs/Mi_Bomba/index.md"),
    "huge-text": (lambda: make_zip({f"{FOLDER}/index.md": INDEX.encode() + b"a" * 600_000}),
                  "package-file-too-large", f"{FOLDER}/index.md"),
    "two-documents": (lambda: make_zip({**G, "content/repairs/otra/index.md": INDEX.encode()}),
                      "package-several-documents", ""),
    "no-index": (lambda: make_zip({f"{FOLDER}/rodamiento.png": PNG}), "package-no-document", ""),
    "bad-manifest": (lambda: _zip_with_manifest(b"{not json"), "package-manifest",
                     packages.MANIFEST),
    "tampered": (tampered, "package-checksum", f"{FOLDER}/index.md"),
    "unlisted": (lambda: _zip_with_manifest(manifest({f"{FOLDER}/index.md": INDEX.encode()})),
                 "package-checksum", f"{FOLDER}/rodamiento.png"),
    "broken-yaml": (lambda: make_zip({**G, f"{FOLDER}/index.md": BROKEN_INDEX.encode()}),
                    "package-unreadable", f"{FOLDER}/index.md"),
}


def snapshot(root: Path) -> dict[str, str]:
    """Every file under content/ and .cache/kb/import-* with its hash."""
    found = {}
    for path in sorted([*root.joinpath("content").rglob("*"),
                        *root.joinpath(".cache").glob("kb/import-*")]):
        found[path.relative_to(root).as_posix()] = (
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir")
    return found


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def write(tmp_path: Path, raw: bytes, name: str = "paquete.zip") -> Path:
    path = tmp_path / name
    path.write_bytes(raw)
    return path


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_package_is_refused(case: str, project: Path, tmp_path: Path, run_line) -> None:
    build, code, where = CASES[case]
    before = snapshot(project)
    zipped = write(tmp_path, build())
    result = run_line(f"kb --root {project} import {zipped}")
    assert result.code == 1, result.out + result.err
    location = f"paquete.zip:{where}" if where else "paquete.zip"
    lines = [ln for ln in result.out.splitlines() if f"[{code}]" in ln]
    assert lines, result.out
    assert any(ln.startswith(location + ":") for ln in lines), (location, result.out)
    assert "RECHAZADO" in result.out
    assert "Traceback" not in result.out + result.err
    assert snapshot(project) == before


def test_broken_yaml_is_located_by_line(project: Path, tmp_path: Path, run_line) -> None:
    zipped = write(tmp_path, CASES["broken-yaml"][0]())
    result = run_line(f"kb --root {project} import {zipped}")
    # line 5 of index.md holds the bad indentation
    assert f"paquete.zip:{FOLDER}/index.md:5: " in result.out
    assert "[yaml-syntax]" in result.out


def test_expanded_size_limit(project: Path, tmp_path: Path, run_line, monkeypatch) -> None:
    monkeypatch.setattr(packages, "MAX_EXPANDED_BYTES", 1000)
    before = snapshot(project)
    result = run_line(f"kb --root {project} import {write(tmp_path, make_zip(G))}")
    assert result.code == 1
    assert "paquete.zip: " in result.out and "[package-too-large]" in result.out
    assert snapshot(project) == before


def test_existing_id_needs_replace(project: Path, tmp_path: Path, run_line) -> None:
    zipped = write(tmp_path, make_zip(G))
    assert run_line(f"kb --root {project} import {zipped}").code == 0
    before = snapshot(project)
    again = run_line(f"kb --root {project} import {zipped}")
    assert again.code == 1 and "[package-exists]" in again.out
    assert snapshot(project) == before
    changed = INDEX.replace("Escuchar la máquina a tiempo.", "Engrasar cada mes.")
    zipped = write(tmp_path, make_zip({**G, f"{FOLDER}/index.md": changed.encode()}))
    replaced = run_line(f"kb --root {project} import --replace {zipped}")
    assert replaced.code == 0, replaced.out
    assert "Engrasar cada mes." in (project / FOLDER / "index.md").read_text(encoding="utf-8")
    assert not list((project / ".cache/kb").glob("import-*"))


def test_form_package_lands_in_house_order(project: Path, tmp_path: Path, run_line) -> None:
    result = run_line(f"kb --root {project} import {write(tmp_path, make_zip(G))}")
    assert result.code == 0, result.out
    assert "0 error(es)" in result.out and "package-unverified" not in result.out
    text = (project / FOLDER / "index.md").read_text(encoding="utf-8")
    head = yaml.safe_load(text.split("---\n")[1])
    assert list(head) == ["id", "title", "lang", "summary", "status", "authors", "license",
                          "plant", "equipment", "failure", "outcome", "images"]
    assert list(head["plant"]) == ["name", "country", "sector", "ownership"]
    assert head["title"] == "Bomba del pozo de La Ceiba"
    assert text.split("---\n", 2)[2] == INDEX.split("---\n", 2)[2]  # the body as sent
    assert (project / FOLDER / "rodamiento.png").read_bytes() == PNG
    assert run_line(f"kb --root {project} check").code == 0


def test_hand_made_folder_is_accepted_with_a_note(project: Path, tmp_path: Path,
                                                   run_line) -> None:
    by_hand = {f"{DOC_ID}/index.md": INDEX.encode(), f"{DOC_ID}/rodamiento.png": PNG,
               "__MACOSX/._index.md": b"junk", f"{DOC_ID}/.DS_Store": b"junk"}
    result = run_line(f"kb --root {project} import {write(tmp_path, make_zip(by_hand, False))}")
    assert result.code == 0, result.out
    assert "[package-unverified]" in result.out
    assert sorted(p.name for p in (project / FOLDER).iterdir()) == ["index.md", "rodamiento.png"]


def test_report_in_the_package_language(project: Path, tmp_path: Path, run_line) -> None:
    files = {**G, f"{FOLDER}/index.md": INDEX.replace("authors: [Ana Pérez]\n", "").encode()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
        zf.writestr(packages.MANIFEST, manifest(files, lang="en"))
    result = run_line(f"kb --root {project} import {write(tmp_path, out.getvalue())}")
    assert result.code == 1  # imported, with an error to fix before the pull request
    assert "Imported, but there are errors to fix" in result.out
    assert "[missing-authors]" in result.out


def test_every_package_code_is_exercised() -> None:
    codes = {c.code for c in catalogue().values() if c.group == "package"}
    covered = {code for _, code, _ in CASES.values()}
    covered |= {"package-too-large", "package-exists", "package-unverified"}
    assert covered == codes


def test_limits_are_documented() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "limits.md").read_text(encoding="utf-8")
    for name in ("MAX_PACKAGE_BYTES", "MAX_EXPANDED_BYTES"):
        value = getattr(packages, name)
        assert f"{value // (1024 * 1024)} MiB ({value} bytes)" in doc, name
    assert f"| {packages.MAX_ENTRIES} |" in doc
    assert f"{packages.MAX_RATIO} veces" in doc
    assert f"{packages.MAX_MANIFEST_BYTES // 1024} KiB;" in doc
