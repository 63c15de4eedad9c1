"""`kb check --format review`: what a reviewer must still confirm by hand.

`kb check` proves the form; only a person can say whether the sources support
the claims, whether the people in the photos agreed, whether the safety notes
are right. For each document this prints a Markdown task list (GitHub renders
it as checkboxes in a pull request or a job summary), built from the document's
own fields so that each item names what to look at.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from builder.check import names
from builder.core.i18n import t
from builder.document import Problem, SourceFile
from builder.load import images, markdown
from schema.vocabularies import LOCAL_TERM

WARNING = {"warning", "danger", "caution", "attention"}  # admonitions that warn
DEFAULT_LICENSE = "CC-BY-SA-4.0"



def render(sources: Iterable[SourceFile], problems: Iterable[Problem], lang: str | None) -> str:
    """The checklist for every document in ``sources``, as Markdown; each document in
    ``lang``, or in its own language when ``lang`` is None."""
    by_path: dict[str, list[Problem]] = {}
    for p in problems:
        by_path.setdefault(p.path, []).append(p)
    sources = list(sources)
    head = lang or next((s.language for s in sources if s.language), "es")
    out = [_t("title", head), "", _t("intro", head), ""]
    if not sources:
        return "\n".join([*out, _t("none", head)])
    for src in sources:
        out += _document(src, by_path.get(src.rel, []), lang or src.language or head)
    return "\n".join(out).rstrip() + "\n"


def _document(src: SourceFile, problems: list[Problem], lang: str) -> list[str]:
    data = src.data or {}
    kind = _t(f"kind_{src.kind}", lang) if src.kind else "?"
    title = _s(data.get("title")) or names.shown(src.rel)
    head = [f"## {names.shown(src.rel)}", "",
            f"**{title}** · {kind} · {_s(data.get('lang')) or '?'} · "
            f"{_s(data.get('status')) or '?'}", ""]
    errors = sum(p.is_error for p in problems)
    auto = "auto_errors" if errors else "auto_clean"
    head += [_t(auto, lang, errors=errors, suggestions=len(problems) - errors, path=src.rel), ""]
    items = list(_items(src, data, lang))
    return head + [_task(text, details) for text, details in items] + [""]


def _task(text: str, details: list[str]) -> str:
    return "\n".join([f"- [ ] {text}", *(f"    - {d}" for d in details)])


def _items(src: SourceFile, data: dict[str, Any], lang: str) -> Iterator[tuple[str, list[str]]]:
    yield from _status(data, lang)
    if src.kind == "repair":
        yield from _repair(src, data, lang)
    elif src.kind == "workshop":
        yield from _workshop(src, data, lang)
    yield from _pictures(src, data, lang)
    if data.get("translation_of"):
        yield _t("translation", lang, original=f"{src.folder}/index.md"), []
    terms = sorted({v for v in _strings(data) if LOCAL_TERM.match(v)})
    if terms:
        yield _t("local_terms", lang, terms=", ".join(f"`{t}`" for t in terms)), []
    license_id = _s(data.get("license")) or DEFAULT_LICENSE
    yield _t("license", lang, license=license_id), []
    if license_id != DEFAULT_LICENSE:
        yield _t("other_license", lang, license=license_id, default=DEFAULT_LICENSE), []
    yield _t("privacy", lang), []


def _status(data: dict[str, Any], lang: str) -> Iterator[tuple[str, list[str]]]:
    status = data.get("status")
    sources = [s for s in _list(data.get("sources")) if isinstance(s, dict)]
    if sources or status == "documented":
        yield _t("sources", lang), [_source(s, lang) for s in sources]
    if status == "first-hand":
        authors = ", ".join(_s(a) for a in _list(data.get("authors"))) or "?"
        yield _t("authors", lang, authors=authors), []
    if status == "example":
        yield _t("example", lang), []


def _source(source: dict[str, Any], lang: str) -> str:
    name = _s(source.get("ref")) or _s(source.get("title")) or _s(source.get("url")) or "?"
    note = _s(source.get("note"))
    return f"`{name}`: {note}" if note else f"`{name}` ({_t('source_no_note', lang)})"


def _repair(src: SourceFile, data: dict[str, Any], lang: str
            ) -> Iterator[tuple[str, list[str]]]:
    safety = [_s(s) for s in _list(data.get("safety"))]
    warnings = _warnings(src)
    if safety or warnings:
        notes = safety + ([f"`!!! warning` × {len(warnings)}"] if warnings else [])
        yield _t("safety", lang), notes
    else:
        yield _t("no_safety", lang), []
    made = [p for p in _list(data.get("parts"))
            if isinstance(p, dict) and p.get("origin") in ("fabricated", "repaired")]
    if made:
        yield _t("parts", lang), [_part(p, lang) for p in made]
    yield _t("steps", lang), []
    figures = _figures(data.get("outcome"))
    if figures:
        yield _t("figures", lang, figures=figures), []


def _warnings(src: SourceFile) -> list[str]:
    """The body's warning admonitions (``!!! warning``, ``??? danger``...)."""
    return [kind for _, kind in markdown.parse(src.body).admonitions if kind in WARNING]


def _part(part: dict[str, Any], lang: str) -> str:
    material = _s(part.get("material")) or _t("no_material", lang)
    return f"{_s(part.get('name')) or '?'} ({part.get('origin')}): {material}"


def _figures(outcome: Any) -> str:
    if not isinstance(outcome, dict):
        return ""
    shown = []
    for key in ("capacity_before_pct", "capacity_after_pct"):
        if outcome.get(key) is not None:
            shown.append(f"{key} {outcome[key]}")
    production = outcome.get("production")
    if isinstance(production, dict) and production.get("amount") is not None:
        shown.append(" ".join(_s(production.get(k)) for k in ("amount", "unit", "period")
                              if production.get(k) is not None))
    return "; ".join(shown)


def _workshop(src: SourceFile, data: dict[str, Any], lang: str
              ) -> Iterator[tuple[str, list[str]]]:
    if not _warnings(src):
        yield _t("workshop_safety", lang), []
    yield _t("timing", lang, minutes=_s(data.get("duration_minutes")) or "?"), []
    needs = data.get("needs") if isinstance(data.get("needs"), dict) else {}
    wanted = [k for k in ("electricity", "internet", "projector") if needs.get(k) is True]
    if wanted:
        yield _t("needs", lang, needs=", ".join(wanted)), []
    if not data.get("questions") or not data.get("evaluation"):
        yield _t("reflection", lang), []


def _pictures(src: SourceFile, data: dict[str, Any], lang: str
              ) -> Iterator[tuple[str, list[str]]]:
    shown: dict[str, str] = {}
    for item in _list(data.get("images")):
        if isinstance(item, dict) and isinstance(item.get("path"), str):
            shown.setdefault(item["path"], _s(item.get("alt")))
    for image in markdown.parse(src.body).images():
        shown.setdefault(image.target, image.text.strip())
    in_folder = sorted(p.relative_to(src.directory).as_posix()
                       for p in src.directory.rglob("*") if p.is_file() and images.is_image(p))
    if not shown and not in_folder:
        yield _t("no_images", lang), []
        return
    yield _t("consent", lang), []
    yield _t("image_rights", lang), [_code(name) for name in in_folder]
    if shown:
        yield _t("alt", lang), [f"{_code(path)}: {_s(alt) or '-'}" for path, alt in shown.items()]


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _code(name: str) -> str:
    """A file name as inline code that no character of it can break out of (a newline
    would start a ticked checklist line; a backtick would end the code)."""
    return "`" + names.shown(name).replace("`", "'") + "`"


def _s(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def _t(key: str, lang: str, **params: Any) -> str:
    return t(f"review_{key}", lang, **params)
