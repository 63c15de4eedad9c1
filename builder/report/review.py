"""`kb check --format review`: what a reviewer must still confirm by hand.

`kb check` proves the form; only a person can say whether the sources support
the claims, whether the people in the photos agreed, whether the safety notes
are right. For each document this prints a Markdown task list (GitHub renders
it as checkboxes in a pull request or a job summary), built from the document's
own fields so that each item names what to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from builder.check.assets import BODY_IMAGE
from builder.document import Problem, SourceFile
from builder.load import images
from schema.vocabularies import LOCAL_TERM

WARNING = re.compile(r"^\s*(!!!|\?\?\?\+?)\s*(warning|danger|caution|attention)\b", re.M | re.I)
DEFAULT_LICENSE = "CC-BY-SA-4.0"

TEXT: dict[str, dict[str, str]] = {
    "title": {"es": "# Lista de revisión", "en": "# Review checklist"},
    "intro": {"es": "Lo que `kb check` no puede saber. Marque cada punto al confirmarlo.",
              "en": "What `kb check` cannot know. Tick each item once confirmed."},
    "none": {"es": "No hay documentos que revisar.", "en": "There are no documents to review."},
    "kind_repair": {"es": "reparación", "en": "repair write-up"},
    "kind_workshop": {"es": "taller", "en": "workshop plan"},
    "auto_clean": {"es": "Revisión automática: sin errores ({suggestions} sugerencia(s)).",
                   "en": "Automatic check: no errors ({suggestions} suggestion(s))."},
    "auto_errors": {"es": "Revisión automática: **{errors} error(es)**; se corrigen antes de "
                          "revisar a mano (`kb check {path}`).",
                    "en": "Automatic check: **{errors} error(s)**; fix them before the review "
                          "by hand (`kb check {path}`)."},
    "sources": {"es": "Las fuentes respaldan cada dato: abra cada una y compare cifras, fechas "
                      "y nombres con el texto.",
                "en": "The sources support every fact: open each one and compare figures, "
                      "dates and names with the text."},
    "source_no_note": {"es": "sin nota: pida qué dato respalda", "en": "no note: ask which "
                       "fact it supports"},
    "authors": {"es": "Quienes firman ({authors}) participaron y aceptan publicar con esos "
                      "nombres o seudónimos; lo que no vivieron está citado en `sources`.",
                "en": "The authors ({authors}) took part and agree to publish under those "
                      "names or pseudonyms; what they did not witness is cited in `sources`."},
    "example": {"es": "Es un ejemplo ilustrativo (`status: example`): no debe presentarse "
                      "como un hecho.",
                "en": "It is an illustrative example (`status: example`): it must not read "
                      "as fact."},
    "figures": {"es": "Las cifras del resultado ({figures}) tienen fuente o testigo.",
                "en": "The outcome's figures ({figures}) have a source or a witness."},
    "consent": {"es": "Las personas que se reconocen en las fotos (caras, nombres, placas) "
                      "dieron su permiso para publicarlas.",
                "en": "The people recognisable in the photos (faces, names, number plates) "
                      "agreed to their publication."},
    "image_rights": {"es": "Las fotos y dibujos son de quien contribuye, o su licencia permite "
                           "publicarlos (con su autor citado).",
                     "en": "The photos and drawings are the contributor's own, or their "
                           "licence allows publishing them (with their author credited)."},
    "alt": {"es": "El texto alternativo dice lo que muestra cada imagen:",
            "en": "The alt text says what each image shows:"},
    "no_images": {"es": "Sin imágenes: ¿una foto o un dibujo acotado ayudaría? "
                        "(no es obligatorio).",
                  "en": "No images: would a photo or a dimensioned drawing help? "
                        "(not required)."},
    "safety": {"es": "Las notas de seguridad son correctas y suficientes para esta máquina "
                     "(electricidad, presión, calor, químicos, altura, piezas en movimiento):",
               "en": "The safety notes are right and enough for this machine (electricity, "
                     "pressure, heat, chemicals, height, moving parts):"},
    "no_safety": {"es": "**No hay notas de seguridad**: pida los peligros y las precauciones "
                        "tomadas (bloqueo y etiquetado, despresurizar, enfriar...).",
                  "en": "**There are no safety notes**: ask for the hazards and the "
                        "precautions taken (lock-out and tag-out, depressurise, cool down...)."},
    "workshop_safety": {"es": "Si el taller usa herramientas o máquinas o visita una planta, "
                              "el texto tiene avisos de seguridad (`!!! warning`).",
                        "en": "If the workshop uses tools or machines or visits a plant, the "
                              "text has safety notices (`!!! warning`)."},
    "parts": {"es": "Las piezas hechas o reparadas localmente dicen material, medidas clave y "
                    "cómo se hicieron:",
              "en": "The parts made or repaired locally give their material, key dimensions "
                    "and how they were made:"},
    "no_material": {"es": "falta el material", "en": "material missing"},
    "steps": {"es": "Los pasos de la reparación se pueden seguir: orden, herramientas, medidas.",
              "en": "The repair steps can be followed: order, tools, measurements."},
    "timing": {"es": "Los tiempos ({minutes} min) son realistas y los materiales se consiguen "
                     "en una planta o una comuna.",
               "en": "The timings ({minutes} min) are realistic and the materials can be found "
                     "at a plant or a commune."},
    "needs": {"es": "¿Puede hacerse sin {needs}? Un buen plan no lo necesita.",
              "en": "Can it be done without {needs}? A good plan does not need it."},
    "reflection": {"es": "Hay preguntas de reflexión (`questions`, `debrief`) y una forma de "
                         "evaluar la jornada (`evaluation`).",
                   "en": "There are reflection questions (`questions`, `debrief`) and a way to "
                         "evaluate the day (`evaluation`)."},
    "translation": {"es": "La traducción dice lo mismo que el original `{original}` (cifras, "
                          "pasos, avisos de seguridad).",
                    "en": "The translation says the same as the original `{original}` "
                          "(figures, steps, safety notices)."},
    "local_terms": {"es": "Términos locales ({terms}): ¿proponerlos para "
                          "`schema/vocabularies.yaml`?",
                    "en": "Local terms ({terms}): propose them for "
                          "`schema/vocabularies.yaml`?"},
    "license": {"es": "Quien contribuye acepta publicar con la licencia `{license}`; el "
                      "material de terceros tiene una licencia compatible.",
                "en": "The contributor agrees to publish under `{license}`; third-party "
                      "material has a compatible licence."},
    "other_license": {"es": "La licencia `{license}` no es la del proyecto ({default}): "
                            "confirme por qué.",
                      "en": "The licence `{license}` is not the project's ({default}): "
                            "confirm why."},
    "privacy": {"es": "No se publican datos personales de otras personas (teléfonos, "
                      "direcciones, cédulas) ni nada que las ponga en riesgo.",
                "en": "No personal data of other people is published (phone numbers, "
                      "addresses, ID numbers), nor anything that puts them at risk."},
}


def render(sources: Iterable[SourceFile], problems: Iterable[Problem], lang: str) -> str:
    """The checklist for every document in ``sources``, as Markdown."""
    by_path: dict[str, list[Problem]] = {}
    for p in problems:
        by_path.setdefault(p.path, []).append(p)
    out = [TEXT["title"][lang], "", TEXT["intro"][lang], ""]
    sources = list(sources)
    if not sources:
        return "\n".join([*out, TEXT["none"][lang]])
    for src in sources:
        out += _document(src, by_path.get(src.rel, []), lang)
    return "\n".join(out).rstrip() + "\n"


def _document(src: SourceFile, problems: list[Problem], lang: str) -> list[str]:
    data = src.data or {}
    kind = TEXT.get(f"kind_{src.kind}", {}).get(lang, "?")
    title = _s(data.get("title")) or src.rel
    head = [f"## {src.rel}", "",
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
    return f"`{name}`: {note}" if note else f"`{name}` ({TEXT['source_no_note'][lang]})"


def _repair(src: SourceFile, data: dict[str, Any], lang: str
            ) -> Iterator[tuple[str, list[str]]]:
    safety = [_s(s) for s in _list(data.get("safety"))]
    warnings = WARNING.findall(src.body)
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


def _part(part: dict[str, Any], lang: str) -> str:
    material = _s(part.get("material")) or TEXT["no_material"][lang]
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
    if not WARNING.search(src.body):
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
    for match in BODY_IMAGE.finditer(src.body):
        shown.setdefault(match.group(2), match.group(1).strip())
    in_folder = sorted(p.relative_to(src.directory).as_posix()
                       for p in src.directory.rglob("*") if p.is_file() and images.is_image(p))
    if not shown and not in_folder:
        yield _t("no_images", lang), []
        return
    yield _t("consent", lang), []
    yield _t("image_rights", lang), [f"`{name}`" for name in in_folder]
    if shown:
        yield _t("alt", lang), [f"`{path}`: {alt or '-'}" for path, alt in shown.items()]


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


def _s(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def _t(key: str, lang: str, **params: Any) -> str:
    text = TEXT[key][lang]
    return text.format(**params) if params else text
