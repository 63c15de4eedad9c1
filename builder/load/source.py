"""Read content files: split YAML front matter from the body, keep key lines.

Loading never raises on bad input: every file yields a ``SourceFile`` whose
``problems`` say what is wrong, with the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from builder.document import Loc, SourceFile

KINDS = {"repairs": "repair", "workshops": "workshop"}
FILE_NAME = re.compile(r"^index(?:\.([a-z]{2}))?\.md$")
MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 12
FENCE = re.compile(r"^---[ \t]*$")
TAB_LEVEL = "  "  # what one tab of indentation is read as, when only tabs indent
# Problems found while decoding that are repaired in memory: reported, and the file is
# still read so that the problems behind them show in the same run.
REPAIRED = {"not-utf8", "byte-order-mark", "crlf-line-endings", "tab-character"}

class _LoadError(Exception):
    def __init__(self, line: int, code: str, **params: Any) -> None:
        super().__init__(code)
        self.line, self.code, self.params = line, code, params


_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~15x faster
ALIAS = re.compile(r"(?:^|[\s\[{,])\*[^\s,\]}]+", re.M)


class _Loader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """Safe loader; an invalid date stays a string so the model reports it with its line."""

    def construct_yaml_timestamp(self, node: ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:  # 2016-02-30
            return node.value


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def _check_graph(node: Node, yaml_text: str) -> None:
    """Refuse aliases (a node reached twice: no billion laughs) and deep nesting,
    before anything is constructed."""
    seen: set[int] = set()
    stack: list[tuple[Node, int]] = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        if id(current) in seen:
            match = ALIAS.search(yaml_text)
            line = yaml_text[: match.start()].count("\n") + (match.group(0)[0] == "\n") \
                if match else current.start_mark.line
            raise _LoadError(line, "yaml-alias")
        seen.add(id(current))
        if depth > MAX_DEPTH:
            raise _LoadError(current.start_mark.line, "yaml-too-deep", limit=MAX_DEPTH)
        if isinstance(current, MappingNode):
            stack += [(n, depth + 1) for pair in current.value for n in pair]
        elif isinstance(current, SequenceNode):
            stack += [(n, depth + 1) for n in current.value]


def discover(content: Path, paths: Iterable[Path] | None = None) -> list[Path]:
    """Every ``index*.md`` under ``content`` (sorted), or the given paths."""
    if paths is not None:
        found: set[Path] = set()
        for p in paths:
            path = p if p.is_absolute() else Path.cwd() / p
            if path.is_dir():  # a folder stands for the documents in it
                found.update(q for q in path.rglob("index*.md") if q.is_file())
            else:
                found.add(path)
        return sorted(found)
    return sorted(p for p in content.rglob("index*.md") if p.is_file())


def document_folder(path: Path, content: Path) -> Path | None:
    """content/<kind>/<id>/ when ``path`` lies inside one."""
    try:
        inner = path.relative_to(content).parts
    except ValueError:
        return None
    if len(inner) >= 3 and inner[0] in KINDS:
        return content / inner[0] / inner[1]
    return None


def load(path: Path, content: Path) -> SourceFile:
    """Read one file. Problems are recorded on the result, never raised."""
    root = content.parent
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        rel = path.as_posix()
    src = _locate(path, content, rel)
    if src.problems:
        return src
    try:
        raw = path.read_bytes()
    except OSError as exc:
        src.problem(None, None, "missing-asset", value=f"{rel} ({exc.strerror})")
        return src
    src.raw = raw
    text = _decode(src, raw)
    if text is not None:
        _split(src, text)
    return src


def load_data(path: Path, rel: str) -> SourceFile:
    """Read a YAML data file of the project (the bibliography, the search's synonyms):
    its data with the line of every key, or its problems; never raises."""
    src = SourceFile(path, rel, None, "", None)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        src.problem(1, None, "not-utf8", byte="?")
        return src
    _parse(src, text, offset=1)
    return src


def _locate(path: Path, content: Path, rel: str) -> SourceFile:
    parts = path.parts
    name_match = FILE_NAME.match(path.name)
    try:
        inner = path.relative_to(content).parts
    except ValueError:
        inner = ()
    kind = KINDS.get(inner[0]) if len(inner) == 3 else None
    folder = inner[1] if len(inner) == 3 else (parts[-2] if len(parts) > 1 else "")
    src = SourceFile(path, rel, kind, folder, name_match.group(1) if name_match else None)
    if kind is None or not name_match:
        src.problem(1, None, "unexpected-file", file=rel)
    return src


def _decode(src: SourceFile, raw: bytes) -> str | None:
    if not raw.strip():
        src.problem(1, None, "empty-file")
        return None
    if len(raw) > MAX_FILE_BYTES:
        src.problem(1, None, "file-too-large", size=len(raw), limit=MAX_FILE_BYTES)
        return None
    if b"\x00" in raw:
        src.problem(raw[: raw.index(b"\x00")].count(b"\n") + 1, None, "binary-file")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Reported, then read as Windows-1252 (what editors that do not write UTF-8
        # usually write), so the problems behind it show in the same run.
        line = raw[: exc.start].count(b"\n") + 1
        src.problem(line, None, "not-utf8", byte=f"0x{raw[exc.start]:02x}")
        text = raw.decode("cp1252", errors="replace")
    if text.startswith("\ufeff"):
        src.problem(1, None, "byte-order-mark")
        text = text[1:]
    if "\r" in text:
        src.problem(text[: text.index("\r")].count("\n") + 1, None, "crlf-line-endings")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _split(src: SourceFile, text: str) -> None:
    lines = text.split("\n")
    if not FENCE.match(lines[0]):
        src.problem(1, None, "no-front-matter")
        return
    end = next((i for i in range(1, len(lines)) if FENCE.match(lines[i])), None)
    if end is None:
        src.problem(1, None, "unclosed-front-matter")
        return
    src.body = "\n".join(lines[end + 1 :])
    src.body_line = end + 2
    head = lines[1:end]
    indents = [line[: len(line) - len(line.lstrip(" \t"))] for line in head]
    tabbed = [i for i, indent in enumerate(indents) if "\t" in indent]
    for i in tabbed:
        src.problem(i + 2, None, "tab-character")
    if tabbed:
        if any(" " in indent for indent in indents):
            return  # tabs beside spaces: how deep a line is cannot be known
        # Only tabs indent: each stands for one level, so the fields can still be read.
        head = [TAB_LEVEL * len(ind) + line[len(ind):]
                for ind, line in zip(indents, head, strict=True)]
    if any(p.is_error and p.code not in REPAIRED for p in src.problems):
        return
    _parse(src, "\n".join(head), offset=2)


def _parse(src: SourceFile, yaml_text: str, offset: int) -> None:
    loader = None
    try:
        loader = _Loader(yaml_text)  # the reader rejects control characters right here
        node = loader.get_single_node()
        if node is None:
            src.problem(1, None, "not-a-mapping")
            return
        if not isinstance(node, MappingNode):
            src.problem(node.start_mark.line + offset, None, "not-a-mapping")
            return
        _check_graph(node, yaml_text)
        src.lines[()] = 1
        _walk(src, node, (), offset)
        src.data = loader.construct_document(node)
    except _LoadError as exc:
        src.problem(exc.line + offset, None, exc.code, **exc.params)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + offset if mark else None
        detail = exc.problem or exc.context or "?"
        src.problem(line, None, "yaml-syntax", detail=detail)
    except yaml.reader.ReaderError as exc:
        line = yaml_text[: exc.position].count("\n") + offset
        src.problem(line, None, "yaml-syntax", detail=f"carácter no permitido / character "
                    f"not allowed: U+{exc.character:04X}")
    except yaml.YAMLError as exc:
        src.problem(None, None, "yaml-syntax", detail=str(exc).splitlines()[0])
    finally:
        if loader is not None:
            loader.dispose()


def _walk(src: SourceFile, node: Node, loc: Loc, offset: int) -> None:
    """Record the line of every key and list item; report duplicate keys."""
    if isinstance(node, MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else str(key_node.value)
            line = key_node.start_mark.line + offset
            if key in seen:
                src.problem(line, ".".join(map(str, (*loc, key))), "duplicate-key",
                            key=key, first=seen[key])
                continue
            seen[key] = line
            src.lines[(*loc, key)] = line
            _walk(src, value_node, (*loc, key), offset)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            src.lines[(*loc, i)] = item.start_mark.line + offset
            _walk(src, item, (*loc, i), offset)


def iter_strings(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every string in the front matter, with its location."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from iter_strings(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from iter_strings(value, (*loc, i))
    elif isinstance(data, str):
        yield loc, data
