"""The plain text of a document: its body without markup or the standard section
headings, and the short texts of its front matter. What the index, the similarity of
two documents and the browser index read."""

from __future__ import annotations

from collections.abc import Iterator

from builder.load import markdown
from builder.load.sections import section_keys
from schema.models import Repair, Workshop
from schema.vocabularies import fold


def plain_text(body: str) -> str:
    """The words of a Markdown body, without its markup."""
    return markdown.plain_text(body)

def body_text(body: str) -> str:
    """The words of a body, without markup or the standard section headings."""
    keys = section_keys()
    return markdown.plain_text(body, skip_heading=lambda text: fold(text).strip(" :.") in keys)

def details_text(meta: Repair | Workshop) -> str:
    """The short texts of the front matter (tags, machine, symptoms, objectives...)."""
    return "\n".join(_details(meta))

def _details(meta: Repair | Workshop) -> Iterator[str]:
    """The short texts of the front matter, in the document's language."""
    yield from meta.tags
    if isinstance(meta, Repair):
        yield from _repair_details(meta)
    else:
        yield from _workshop_details(meta)

def _repair_details(meta: Repair) -> Iterator[str]:
    eq, plant = meta.equipment, meta.plant
    yield from _given(eq.name, eq.make, eq.model, eq.subunit, plant.name, plant.city, plant.state)
    if meta.battle:
        yield meta.battle.name
    yield from meta.failure.symptoms
    yield from meta.failure.causes
    for part in meta.parts:
        yield from _given(part.name, part.replaces, part.material)
    yield from (tool.name for tool in meta.tools)
    yield from meta.safety
    for image in meta.images:
        yield from _given(image.alt, image.depicts)

def _workshop_details(meta: Workshop) -> Iterator[str]:
    yield meta.why
    yield from meta.objectives
    yield from meta.questions
    yield from meta.keypoints
    yield from meta.setup
    yield from (m.item for m in meta.materials)
    for act in meta.activities:
        yield from _given(act.title, act.description, act.facilitator_notes)
        yield from act.debrief
    yield from (h.title for h in meta.handouts)
    yield from _given(meta.participants.profile, meta.evaluation)

def _given(*values: str | None) -> Iterator[str]:
    yield from (v for v in values if v)
