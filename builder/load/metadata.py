"""Remove what a photo says about where and when it was taken, without touching its pixels.

Used by `kb fix photos`. JPEG segments, PNG chunks and WebP chunks that carry
metadata (EXIF with its GPS, XMP, IPTC, comments, text, data after the image's
end) are dropped; the compressed image data is copied byte for byte, so nothing
is re-encoded and nothing is lost. Only the rotation survives: when the EXIF said
the photo stands on its side, a minimal EXIF with that Orientation alone is
written back, so the photo still shows upright. Pillow reads and writes that
EXIF; the container formats are simple enough to walk here (no exiftool needed).
"""

from __future__ import annotations

import struct
import warnings
import zlib
from dataclasses import dataclass, field

from PIL import Image

ORIENTATION = 0x0112
GPS_IFD = 0x8825
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_METADATA = {b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"}
# JPEG segments that are pixels or how to decode them (kept); APPn and COM are metadata,
# except those that change the colours: JFIF (APP0), the ICC profile (APP2), Adobe (APP14).
JPEG_KEEP_APP = {(0xE0, b"JFIF\x00"), (0xE0, b"JFXX\x00"), (0xE2, b"ICC_PROFILE\x00"),
                 (0xEE, b"Adobe")}
WEBP_EXIF_FLAG, WEBP_XMP_FLAG = 0x08, 0x04


class BadImage(ValueError):
    """The file is not a well-formed JPEG, PNG or WebP container."""


@dataclass
class Stripped:
    """The new bytes and what was taken out (names of metadata blocks)."""

    data: bytes
    removed: list[str] = field(default_factory=list)
    orientation: int | None = None  # kept in a minimal EXIF

    @property
    def changed(self) -> bool:
        return bool(self.removed)


def strip(data: bytes) -> Stripped:
    """``data`` without its metadata (a JPEG, PNG or WebP; anything else unchanged).
    Raises BadImage when the container is damaged: nothing is written then."""
    if data.startswith(b"\xff\xd8\xff"):
        return _jpeg(data)
    if data.startswith(PNG_SIGNATURE):
        return _png(data)
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return _webp(data)
    return Stripped(data)


def _exif_facts(payload: bytes) -> tuple[int | None, bool]:
    """(Orientation, whether there is GPS) of an EXIF block."""
    exif = Image.Exif()
    try:
        with warnings.catch_warnings():  # a damaged EXIF is dropped: no need to say so twice
            warnings.simplefilter("ignore")
            exif.load(payload)
            orientation = exif.get(ORIENTATION)
            gps = bool(exif.get_ifd(GPS_IFD))
    except Exception:  # noqa: BLE001 - unreadable EXIF: dropped all the same
        return None, False
    return (orientation if isinstance(orientation, int) and 2 <= orientation <= 8 else None), gps


def minimal_exif(orientation: int) -> bytes:
    """An EXIF block ("Exif\\0\\0" + TIFF) holding only the Orientation."""
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    return exif.tobytes()


def _exif_label(gps: bool) -> str:
    return "EXIF (GPS)" if gps else "EXIF"


# -- JPEG --------------------------------------------------------------------------


def _jpeg(data: bytes) -> Stripped:
    kept: list[bytes] = []
    removed: list[str] = []
    orientation: int | None = None
    exif_segment: bytes | None = None
    pos = 2
    while True:
        marker, pos = _marker(data, pos)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            kept.append(bytes([0xFF, marker]))
            continue
        if marker == 0xD9:  # end of image: whatever follows (a second image, a trailer) goes
            kept.append(b"\xff\xd9")
            if data[pos:].strip(b"\x00"):
                removed.append("datos tras la imagen / data after the image")
            break
        if pos + 2 > len(data):
            raise BadImage("truncated segment")
        length = int.from_bytes(data[pos:pos + 2], "big")
        if length < 2 or pos + length > len(data):
            raise BadImage("truncated segment")
        segment = bytes([0xFF, marker]) + data[pos:pos + length]
        payload = data[pos + 2:pos + length]
        pos += length
        if marker == 0xDA:  # start of scan: copy the compressed data up to the next marker
            end = _scan_end(data, pos)
            kept.append(segment + data[pos:end])
            pos = end
        elif 0xE0 <= marker <= 0xEF or marker == 0xFE:
            if any(marker == m and payload.startswith(sig) for m, sig in JPEG_KEEP_APP):
                kept.append(segment)
                continue
            if marker == 0xE1 and payload.startswith(b"Exif\x00\x00"):
                facts = _exif_facts(payload)
                orientation = orientation or facts[0]
                exif_segment = exif_segment or segment
                removed.append(_exif_label(facts[1]))
            else:
                removed.append(_jpeg_label(marker, payload))
        else:
            kept.append(segment)
    if orientation:
        minimal = minimal_exif(orientation)
        segment = b"\xff\xe1" + struct.pack(">H", len(minimal) + 2) + minimal
        if segment == exif_segment and removed == ["EXIF"]:
            return Stripped(data, [], orientation)
        at = 1 if kept and kept[0].startswith(b"\xff\xe0") else 0  # JFIF stays first
        kept.insert(at, segment)
    out = b"\xff\xd8" + b"".join(kept)
    return Stripped(out, _unique(removed), orientation)


def _marker(data: bytes, pos: int) -> tuple[int, int]:
    if pos >= len(data) or data[pos] != 0xFF:
        raise BadImage("expected a marker")
    while pos < len(data) and data[pos] == 0xFF:  # fill bytes
        pos += 1
    if pos >= len(data):
        raise BadImage("truncated")
    return data[pos], pos + 1


def _scan_end(data: bytes, pos: int) -> int:
    """Where the entropy-coded data after a scan header ends: the first 0xFF that starts
    a marker (not a stuffed 0xFF00, not a restart marker)."""
    while True:
        at = data.find(b"\xff", pos)
        if at < 0 or at + 1 >= len(data):
            raise BadImage("scan without an end")
        nxt = data[at + 1]
        if nxt == 0x00 or 0xD0 <= nxt <= 0xD7 or nxt == 0xFF:
            pos = at + 1
            continue
        return at


def _jpeg_label(marker: int, payload: bytes) -> str:
    if marker == 0xFE:
        return "COM"
    if marker == 0xE1 and payload.startswith(b"http://ns.adobe.com/"):
        return "XMP"
    if marker == 0xED:
        return "IPTC"
    if marker == 0xE2 and payload.startswith(b"MPF\x00"):
        return "MPF"
    return f"APP{marker - 0xE0}"


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


# -- PNG ---------------------------------------------------------------------------


def _png(data: bytes) -> Stripped:
    pos, kept, removed = 8, [PNG_SIGNATURE], []
    orientation: int | None = None
    exif_chunk: bytes | None = None
    ended = False
    while pos < len(data):
        if pos + 8 > len(data):
            raise BadImage("truncated chunk")
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        end = pos + 12 + length
        if end > len(data):
            raise BadImage("truncated chunk")
        chunk, body = data[pos:end], data[pos + 8:pos + 8 + length]
        pos = end
        if kind == b"eXIf":
            facts = _exif_facts(b"Exif\x00\x00" + body)
            orientation, exif_chunk = orientation or facts[0], exif_chunk or chunk
            removed.append(_exif_label(facts[1]))
        elif kind in PNG_METADATA:
            removed.append(kind.decode("latin-1"))
        else:
            kept.append(chunk)
        if kind == b"IEND":
            ended = True
            break
    if not ended:
        raise BadImage("no IEND")
    if data[pos:]:
        removed.append("datos tras la imagen / data after the image")
    if orientation:
        chunk = _png_chunk(b"eXIf", minimal_exif(orientation)[6:])
        if chunk == exif_chunk and removed == ["EXIF"]:
            return Stripped(data, [], orientation)
        kept.insert(2, chunk)  # after the signature and IHDR
    return Stripped(b"".join(kept), _unique(removed), orientation)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


# -- WebP --------------------------------------------------------------------------


def _webp(data: bytes) -> Stripped:
    size = int.from_bytes(data[4:8], "little") + 8
    if size > len(data) or size < 12:
        raise BadImage("truncated RIFF")
    pos, chunks, removed = 12, [], []
    orientation: int | None = None
    exif_chunk: bytes | None = None
    while pos + 8 <= size:
        kind = data[pos:pos + 4]
        length = int.from_bytes(data[pos + 4:pos + 8], "little")
        end = pos + 8 + length + (length & 1)
        if pos + 8 + length > size:
            raise BadImage("truncated chunk")
        chunk, body = data[pos:end], data[pos + 8:pos + 8 + length]
        pos = end
        if kind == b"EXIF":
            facts = _exif_facts(body if body.startswith(b"Exif") else b"Exif\x00\x00" + body)
            orientation, exif_chunk = orientation or facts[0], exif_chunk or chunk
            removed.append(_exif_label(facts[1]))
        elif kind == b"XMP ":
            removed.append("XMP")
        else:
            chunks.append(chunk)
    if data[size:]:
        removed.append("datos tras la imagen / data after the image")
    if orientation:
        body = minimal_exif(orientation)[6:]
        chunk = _webp_chunk(b"EXIF", body)
        if chunk == exif_chunk and removed == ["EXIF"]:
            return Stripped(data, [], orientation)
        chunks.append(chunk)
    if not removed:
        return Stripped(data)
    chunks = [_webp_flags(c, bool(orientation)) if c.startswith(b"VP8X") else c for c in chunks]
    body = b"WEBP" + b"".join(chunks)
    return Stripped(b"RIFF" + struct.pack("<I", len(body)) + body, _unique(removed), orientation)


def _webp_chunk(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("<I", len(body)) + body + (b"\x00" if len(body) & 1 else b"")


def _webp_flags(chunk: bytes, exif: bool) -> bytes:
    flags = chunk[8] & ~WEBP_XMP_FLAG & ~WEBP_EXIF_FLAG | (WEBP_EXIF_FLAG if exif else 0)
    return chunk[:8] + bytes([flags]) + chunk[9:]
