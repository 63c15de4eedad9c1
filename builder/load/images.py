"""Images: check what contributors add, and make small copies for the site.

``inspect`` never raises: a file that is too big, not an image, broken or a
decompression bomb yields findings (a problem code and its parameters). The
pixel count is read from the header and compared with ``MAX_PIXELS`` before
anything is decoded. A file's type is decided by its first bytes (``sniff``),
never by its name: a name that says otherwise, or a format browsers cannot show
(HEIC, AVIF, TIFF, BMP), is a finding. A photo that records where it was taken
is one too (``kb fix photos`` removes it: builder/load/metadata.py).

``published`` gives what the site publishes: photos are reduced to ``SITE_EDGE``
pixels on their longest side and recompressed; SVG drawings are sanitised
(builder/load/svg.py); GIF, animations, small files and PDF are published as they
are; a file whose bytes are not what its name says is not published at all. The
same input bytes always give the same output bytes. Limits: docs/limits.md.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from builder.core import cache
from builder.load import svg

MAX_BYTES = 5 * 1024 * 1024  # one image file in content/
MAX_PIXELS = 40_000_000  # width x height, checked before decoding
SITE_EDGE = 1600  # longest side of the site's copy, in pixels
KEEP_BYTES = 200 * 1024  # a file this small, with sides within SITE_EDGE, is published as it is
JPEG_QUALITY = 82
WEBP_QUALITY = 80
PNG_QUANTIZE_ABOVE = 300 * 1024  # a reduced PNG still above this is tried with 256 colours

RASTER = {".png", ".jpg", ".jpeg", ".gif", ".webp"}
VECTOR = {".svg"}
SUFFIXES = RASTER | VECTOR
# What the site publishes from a document's folder, and the type each name promises.
NAMED = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP",
         ".svg": "SVG", ".pdf": "PDF"}
# Formats phones and scanners produce that browsers (or old ones) cannot show.
UNSUPPORTED = {"HEIC", "AVIF", "TIFF", "BMP", "JPEG XL"}
LABELS = {"JPEG": "JPG", "WEBP": "WebP"}
SNIFF_BYTES = 64 * 1024  # an SVG's <svg> element is in its first 64 KiB
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs",
               b"mif1", b"msf1", b"mif2"}
AVIF_BRANDS = {b"avif", b"avis"}
BMP_HEADERS = {12, 16, 40, 52, 56, 64, 108, 124}  # sizes of the DIB header after "BM"
FORMATS = {"JPEG", "PNG", "GIF", "WEBP", "MPO"}  # MPO: JPEG from some cameras
RESIZED = {"JPEG", "MPO", "PNG", "WEBP"}
GPS_IFD = 0x8825
# Bump when the way copies are made changes, so cached copies are remade.
RECIPE = f"1:{SITE_EDGE}:{JPEG_QUALITY}:{WEBP_QUALITY}:{PNG_QUANTIZE_ABOVE}:{Image.__version__}"


@dataclass(frozen=True)
class Finding:
    """One thing wrong with an image: a problem code and its parameters."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


@contextmanager
def _strict() -> Iterator[None]:
    """Decode as we mean to: a truncated file is an error (WeasyPrint, once imported, turns
    Pillow's global LOAD_TRUNCATED_IMAGES on), and Pillow's bomb warning is our own finding."""
    saved = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = saved


def is_image(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def is_published(path: Path) -> bool:
    """Whether the site publishes the file (by its name; its bytes decide whether it may)."""
    return path.suffix.lower() in NAMED


def sniff(head: bytes) -> str | None:
    """The format the first bytes of a file show, or None when none we know."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "WEBP"
    if head.startswith(b"%PDF-"):
        return "PDF"
    if head.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return "TIFF"
    if head.startswith(b"BM") and len(head) >= 18 and \
            int.from_bytes(head[14:18], "little") in BMP_HEADERS:
        return "BMP"
    if head.startswith((b"\xff\x0a", b"\x00\x00\x00\x0cJXL \r\n\x87\n")):
        return "JPEG XL"
    if head[4:8] == b"ftyp":
        return _iso_brand(head)
    if b"<svg" in head[:SNIFF_BYTES]:
        return "SVG"
    return None


def _iso_brand(head: bytes) -> str | None:
    """HEIC or AVIF from an ISO media file's brands (major, then compatible ones)."""
    size = int.from_bytes(head[:4], "big")
    brands = [head[8:12]] + [head[i:i + 4] for i in range(16, min(size, len(head), 256), 4)]
    if any(b in AVIF_BRANDS for b in brands):
        return "AVIF"
    if any(b in HEIF_BRANDS for b in brands):
        return "HEIC"
    return None


def label(fmt: str | None) -> tuple[str, str]:
    """How a format is named to a contributor (es, en)."""
    if fmt is None:
        return "un formato desconocido", "an unknown format"
    return LABELS.get(fmt, fmt), LABELS.get(fmt, fmt)


def _is_text(head: bytes) -> bool:
    try:
        head[:1024].decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > 1020  # a character cut at the end of the sample
    return b"\x00" not in head[:1024]


def inspect(path: Path) -> list[Finding]:
    """What is wrong with the file at ``path`` (empty when nothing): a published file
    (image or PDF) whose bytes are not what its name says, any file in a format
    browsers cannot show (HEIC and friends), and every image's own problems."""
    try:
        stat = path.stat()
    except OSError:
        return []
    return list(_inspect(path.resolve(), stat.st_size, stat.st_mtime_ns))


@lru_cache(maxsize=4096)
def _inspect(path: Path, size: int, mtime_ns: int) -> tuple[Finding, ...]:
    try:
        with path.open("rb") as f:
            head = f.read(SNIFF_BYTES)
    except OSError:
        return ()
    actual, named = sniff(head), NAMED.get(path.suffix.lower())
    if actual in UNSUPPORTED:
        return (Finding("unsupported-image-format", {"format": actual}),)
    if named is None:
        return ()
    if actual != named and (actual is not None or named == "PDF"):
        es, en = label(actual) if actual or not _is_text(head) else ("texto", "text")
        return (Finding("wrong-file-type", {"named": LABELS.get(named, named),
                                            "actual_es": es, "actual_en": en}),)
    if named == "PDF":
        return ()
    found: list[Finding] = []
    if size > MAX_BYTES:
        found.append(Finding("image-too-large", {"size": _mb(size), "limit": _mb(MAX_BYTES)}))
    if named == "SVG":
        found += _inspect_svg(path) if size <= MAX_BYTES else []
    else:
        found += _inspect_raster(path, decode=size <= MAX_BYTES)
    return tuple(found)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


def _inspect_svg(path: Path) -> list[Finding]:
    try:
        data = path.read_bytes()
    except OSError:
        return []
    return [Finding(code, params) for code, params in svg.inspect(data)]


def _inspect_raster(path: Path, decode: bool) -> list[Finding]:
    try:
        with _strict(), Image.open(path) as im:
            return _inspect_open(im, decode)
    except Image.DecompressionBombError as exc:
        return [_bomb(exc)]
    except UnidentifiedImageError:
        return [Finding("not-an-image", {"detail_es": "formato no reconocido",
                                         "detail_en": "unrecognised format"})]
    except Exception as exc:  # noqa: BLE001 - any decoder failure is a finding, never a crash
        return [Finding("broken-image", {"detail": _detail(exc)})]


def _inspect_open(im: Image.Image, decode: bool) -> list[Finding]:
    if im.format not in FORMATS:
        return [Finding("not-an-image", {"detail_es": f"formato {im.format}",
                                         "detail_en": f"{im.format} format"})]
    width, height = im.size
    if width * height > MAX_PIXELS:
        return [_too_many(width, height)]
    if decode:
        if im.format in ("JPEG", "MPO"):
            im.draft("RGB", (max(1, width // 8), max(1, height // 8)))  # fast, still complete
        im.load()
    if _has_location(im):
        return [Finding("image-location", {})]
    return []


def _too_many(width: int | str, height: int | str) -> Finding:
    mp = f"{width * height / 1e6:.0f}" if isinstance(width, int) and isinstance(height, int) \
        else "?"
    return Finding("image-too-many-pixels", {"width": width, "height": height, "megapixels": mp,
                                             "limit": f"{MAX_PIXELS / 1e6:.0f}"})


def _bomb(exc: Exception) -> Finding:
    match = re.search(r"\((\d+) pixels\)", str(exc))
    finding = _too_many("?", "?")
    if match:
        finding.params["megapixels"] = f"{int(match.group(1)) / 1e6:.0f}"
    return finding


def _detail(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:100]


def _has_location(im: Image.Image) -> bool:
    """GPS in the EXIF (JPEG, PNG eXIf, WebP) or in an XMP packet (some phones)."""
    xmp = im.info.get("xmp") or b""
    if b"GPSLatitude" in (xmp.encode("utf-8", "replace") if isinstance(xmp, str) else xmp):
        return True
    try:
        return bool(im.getexif().get_ifd(GPS_IFD))
    except Exception:  # noqa: BLE001 - malformed EXIF is not worth a problem of its own
        return False


# -- the site's copies ----------------------------------------------------------


def published(path: Path, cache_dir: Path | None = None) -> Path | bytes | None:
    """What the site publishes for ``path``: the file itself, the bytes of a reduced or
    sanitised copy, or None when nothing of it may be published (its bytes are not
    what its name says, or an SVG that cannot be made safe).

    Copies are kept in ``cache_dir`` under the hash of the original's bytes, so a
    rebuild does not reduce the same photo again.
    """
    if not _true_to_name(path):
        return None
    if path.suffix.lower() in VECTOR:
        try:
            return svg.sanitized(path.read_bytes())
        except OSError:
            return None
    if path.suffix.lower() not in RASTER:
        return path
    try:
        data = path.read_bytes()
    except OSError:
        return path
    key = hashlib.sha256(RECIPE.encode() + b"\0" + data).hexdigest()[:32]
    if cache_dir is not None:  # kept copies are sealed: used only when size and MAC verify
        if cache.read(cache_dir / f"{key}.same") == b"":
            return path
        kept = cache.read(cache_dir / f"{key}.copy")
        if kept:
            return kept
    copy = site_copy(data)
    if cache_dir is not None:  # a read-only cache or a full disk only warns
        cache.keep(cache_dir / (f"{key}.same" if copy is None else f"{key}.copy"), copy or b"")
    return path if copy is None else copy


def _true_to_name(path: Path) -> bool:
    """The file's first bytes show the format its name promises."""
    try:
        with path.open("rb") as f:
            head = f.read(SNIFF_BYTES)
    except OSError:
        return False
    named = NAMED.get(path.suffix.lower())
    return named is not None and sniff(head) == named


def site_copy(data: bytes) -> bytes | None:
    """The reduced copy of an image, or None when the original should be published."""
    try:
        with _strict(), Image.open(io.BytesIO(data)) as im:
            return _reduce(im, len(data))
    except Exception:  # noqa: BLE001 - `kb check` reports bad images; the build never crashes
        return None


def _reduce(im: Image.Image, size: int) -> bytes | None:
    fmt = im.format
    width, height = im.size
    if fmt not in RESIZED or width * height > MAX_PIXELS or getattr(im, "is_animated", False):
        return None
    if size <= KEEP_BYTES and max(width, height) <= SITE_EDGE:
        return None
    icc = im.info.get("icc_profile")
    im.thumbnail((SITE_EDGE, SITE_EDGE), Image.Resampling.LANCZOS)
    im = ImageOps.exif_transpose(im)  # phone photos stand upright; EXIF is not copied
    out = _encode(im, fmt, icc)
    return out if len(out) < size else None


def _encode(im: Image.Image, fmt: str, icc: bytes | None) -> bytes:
    extra = {"icc_profile": icc} if icc else {}
    if fmt in ("JPEG", "MPO"):
        if im.mode not in ("RGB", "L"):
            im = im.convert("RGB")
        return _save(im, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, **extra)
    if fmt == "WEBP":
        if im.mode not in ("RGB", "RGBA"):
            im = im.convert("RGBA" if "A" in im.mode else "RGB")
        return _save(im, "WEBP", quality=WEBP_QUALITY, method=4, **extra)
    if im.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
        im = im.convert("RGBA" if "A" in im.mode else "RGB")
    out = _save(im, "PNG", optimize=True, **extra)
    if len(out) > PNG_QUANTIZE_ABOVE and im.mode in ("RGB", "RGBA"):
        method = Image.Quantize.FASTOCTREE if im.mode == "RGBA" else Image.Quantize.MEDIANCUT
        fewer = _save(im.quantize(256, method=method), "PNG", optimize=True, **extra)
        out = min(out, fewer, key=len)
    return out


def _save(im: Image.Image, fmt: str, **options: Any) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **options)
    return buf.getvalue()
