"""Pydantic models of a repair write-up and a workshop plan.

Field-level rules live here (types, vocabularies, ranges, unknown keys);
rules across fields live in ``rules.py`` so that the checker can report all of
them even when a field is wrong. Every field is documented in Spanish and
English with ``doc``: editors show it, and ``kb schema`` writes it out.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from .rules import first_violation
from .types import Country, License, Name, PartialDate, Slug, Term, Text, Url, doc

Pct = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0)]
Positive = Annotated[int, Field(ge=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=False)


class Source(Strict):
    ref: Slug | None = doc(
        "Clave de la fuente en content/bibliography.yaml (forma preferida).",
        "Key of the source in content/bibliography.yaml (preferred form).",
        default=None,
    )
    title: Text | None = doc(
        "Título de la fuente, si no está en la bibliografía.",
        "Title of the source, when it is not in the bibliography.",
        default=None,
    )
    publisher: Text | None = doc("Quién la publicó.", "Who published it.", default=None)
    date: PartialDate | None = doc("Fecha de publicación.", "Publication date.", default=None)
    url: Url | None = doc("Dirección web.", "Web address.", default=None)
    note: Text | None = doc(
        "Qué afirma esta fuente (sección, página, dato).",
        "What this source supports (section, page, figure).",
        default=None,
    )


class Common(Strict):
    """Fields common to both kinds of document."""

    id: Slug = doc(
        "Identificador único: minúsculas ASCII y guiones; igual al nombre de la carpeta.",
        "Unique id: lowercase ASCII and hyphens; equals the folder name.",
    )
    title: Text = doc("Título.", "Title.")
    lang: Term("lang") = doc(
        "Idioma del documento: es o en.", "Language of the document: es or en."
    )
    translation_of: Slug | None = doc(
        "Si es una traducción: el id del original (la misma carpeta).",
        "When this is a translation: the id of the original (the same folder).",
        default=None,
    )
    summary: Text = doc(
        "De una a tres oraciones; se muestra en listas y resultados de búsqueda.",
        "One to three sentences, shown in lists and search results.",
    )
    status: Term("doc_status") = doc(
        "documented: cada dato viene de una fuente publicada y citada; first-hand: escrito "
        "por quienes participaron; example: ilustrativo (el sitio lo marca).",
        "documented: every fact comes from a cited published source; first-hand: written by "
        "people who took part; example: illustrative (the site marks it).",
    )
    completeness: Term("completeness") | None = doc(
        "Qué tan completo está: stub (esbozo), partial, complete.",
        "How complete it is: stub, partial, complete.",
        default=None,
    )
    sources: list[Source] = doc(
        "Fuentes publicadas de los datos (obligatorio si status es documented).",
        "Published sources of the facts (required when status is documented).",
        default_factory=list,
        max_length=200,
    )
    authors: list[Name] = doc(
        "Nombres o seudónimos de quienes escriben (obligatorio si status es first-hand).",
        "Names or pseudonyms of the writers (required when status is first-hand).",
        default_factory=list,
        max_length=200,
    )
    license: License = doc(
        "Licencia, como identificador SPDX (normalmente CC-BY-SA-4.0).",
        "Licence, as an SPDX id (normally CC-BY-SA-4.0).",
        default="CC-BY-SA-4.0",
    )
    tags: list[Name] = doc(
        "Palabras libres que ayudan a encontrarlo.",
        "Free words that help find it.",
        default_factory=list,
        max_length=50,
    )
    updated: PartialDate | None = doc(
        "Fecha del último cambio de fondo.", "Date of the last substantive change.", default=None
    )


# -- repair write-up ---------------------------------------------------------


class Battle(Strict):
    name: Name = doc(
        "Nombre de la Batalla Productiva de la que formó parte.",
        "Name of the Productive Workers' Battle it was part of.",
    )
    number: Positive | None = doc("Número de la batalla.", "Number of the battle.", default=None)


class Plant(Strict):
    name: Name = doc("Nombre de la planta o empresa.", "Name of the plant or company.")
    city: Name | None = doc("Ciudad o municipio.", "City or municipality.", default=None)
    state: Name | None = doc("Estado o provincia.", "State or province.", default=None)
    country: Country = doc(
        "País, código ISO 3166 de dos letras (VE = Venezuela).",
        "Country, two-letter ISO 3166 code (VE = Venezuela).",
    )
    sector: Term("sector") = doc("Sector productivo.", "Economic sector.")
    ownership: Term("ownership") = doc(
        "Forma de propiedad: state, worker-controlled, commune, cooperative, private, mixed, "
        "unknown.",
        "Ownership: state, worker-controlled, commune, cooperative, private, mixed, unknown.",
    )


class Equipment(Strict):
    class_: Term("machine_class") = doc(
        "Tipo de máquina (vocabulario machine_class, o un término local x-palabra).",
        "Machine class (machine_class vocabulary, or a local term x-word).",
        alias="class",
    )
    name: Name = doc(
        "Nombre de la máquina tal como se conoce en la planta.", "Name of the machine."
    )
    make: Name | None = doc("Fabricante.", "Manufacturer.", default=None)
    model: Name | None = doc("Modelo.", "Model.", default=None)
    year: Annotated[int, Field(ge=1800, le=2100)] | None = doc(
        "Año de fabricación.", "Year of manufacture.", default=None
    )
    origin_country: Country | None = doc(
        "País de fabricación (código ISO).", "Country of manufacture (ISO code).", default=None
    )
    subunit: Name | None = doc(
        "Subconjunto afectado (p. ej. quemador, eje).",
        "Affected subunit (e.g. burner, shaft).",
        default=None,
    )


class Failure(Strict):
    symptoms: list[Text] = doc(
        "Lo que se veía, oía o medía.", "What was seen, heard or measured.", max_length=100
    )
    mode: Term("failure_mode") = doc(
        "Modo de falla (unknown si las fuentes no lo dicen).",
        "Failure mode (unknown when the sources do not say).",
    )
    causes: list[Text] = doc("Causas halladas.", "Causes found.", default_factory=list)


class Production(Strict):
    amount: Annotated[float, Field(ge=0, allow_inf_nan=False)] = doc("Cantidad.", "Amount.")
    unit: Text = doc(
        "Unidad (toneladas, litros, bombonas...).", "Unit (tons, litres, cylinders...)."
    )
    period: Text | None = doc(
        "Periodo (por día, por mes...).", "Period (per day...).", default=None
    )


class Outcome(Strict):
    status: Term("outcome_status") = doc(
        "fixed (reparada), partial, not-fixed, unknown.", "fixed, partial, not-fixed, unknown."
    )
    capacity_before_pct: Pct | None = doc(
        "Capacidad antes de la reparación, 0 a 100.", "Capacity before the repair, 0 to 100.",
        default=None,
    )
    capacity_after_pct: Pct | None = doc(
        "Capacidad después de la reparación, 0 a 100.", "Capacity after the repair, 0 to 100.",
        default=None,
    )
    production: Production | None = doc(
        "Producción lograda después.", "Production reached afterwards.", default=None
    )


class People(Strict):
    volunteers: Count | None = doc(
        "Número de voluntarios y voluntarias.", "Number of volunteers.", default=None
    )
    plant_workers: Count | None = doc(
        "Número de trabajadores de la planta.", "Number of the plant's workers.", default=None
    )
    trades: list[Term("trade")] = doc(
        "Oficios que hicieron falta.", "Trades needed.", default_factory=list
    )


class Tool(Strict):
    name: Name = doc("Herramienta.", "Tool.")
    quantity: Positive | None = doc("Cantidad.", "Quantity.", default=None)
    improvised: bool | None = doc(
        "Verdadero si se improvisó o fabricó.", "True when improvised or made.", default=None
    )


class Part(Strict):
    name: Name = doc("Pieza.", "Part.")
    quantity: Positive | None = doc("Cantidad.", "Quantity.", default=None)
    origin: Term("part_origin") = doc(
        "De dónde salió: repaired, fabricated, salvaged, local, imported.",
        "Where it came from: repaired, fabricated, salvaged, local, imported.",
    )
    replaces: Name | None = doc(
        "Pieza original a la que sustituye.", "Original part it replaces.", default=None
    )
    material: Name | None = doc("Material.", "Material.", default=None)


class Image(Strict):
    path: Text = doc(
        "Ruta relativa dentro de la carpeta del documento.",
        "Relative path inside the document's folder.",
    )
    alt: Text = doc(
        "Texto alternativo: qué muestra la imagen, para quien no puede verla.",
        "Alt text: what the image shows, for people who cannot see it.",
    )
    depicts: Text | None = doc("Pie de foto.", "Caption.", default=None)


class Repair(Common):
    """A repair write-up. / Una reparación documentada."""

    battle: Battle | None = doc(
        "Batalla Productiva de la que formó parte.", "Productive Workers' Battle.", default=None
    )
    date_started: PartialDate | None = doc(
        "Inicio (año, año-mes o fecha).", "Start (year, year-month or date).", default=None
    )
    date_finished: PartialDate | None = doc(
        "Fin; no antes del inicio.", "End; not before the start.", default=None
    )
    plant: Plant = doc("La planta.", "The plant.")
    equipment: Equipment = doc("La máquina o instalación.", "The machine or installation.")
    idle_since: PartialDate | None = doc(
        "Desde cuándo estaba parada.", "Since when it had been stopped.", default=None
    )
    failure: Failure = doc("La falla.", "The failure.")
    barriers: list[Term("barrier")] = doc(
        "Por qué no se había reparado.", "Why it had not been fixed.", default_factory=list
    )
    outcome: Outcome = doc("El resultado.", "The outcome.")
    people: People | None = doc("Quiénes participaron.", "Who took part.", default=None)
    duration_days: Count | None = doc("Días de trabajo.", "Days of work.", default=None)
    difficulty: Annotated[int, Field(ge=1, le=3)] | None = doc(
        "Dificultad: 1 básica, 2 media, 3 especialista.",
        "Difficulty: 1 basic, 2 intermediate, 3 specialist.",
        default=None,
    )
    tools: list[Tool] = doc("Herramientas.", "Tools.", default_factory=list, max_length=200)
    parts: list[Part] = doc("Piezas.", "Parts.", default_factory=list, max_length=500)
    safety: list[Text] = doc(
        "Peligros y precauciones tomadas.", "Hazards and precautions taken.", default_factory=list
    )
    images: list[Image] = doc("Imágenes.", "Images.", default_factory=list, max_length=100)
    workshops: list[Slug] = doc(
        "Talleres que enseñan lo necesario (ids).", "Workshops that teach what it needs (ids).",
        default_factory=list,
    )
    related: list[Slug] = doc(
        "Otras reparaciones relacionadas (ids).", "Related repairs (ids).", default_factory=list
    )

    @model_validator(mode="after")
    def _rules(self, info: ValidationInfo) -> Repair:
        if not (info.context or {}).get("checked"):  # kept results were checked before
            first_violation("repair", self.model_dump(by_alias=True))
        return self


# -- workshop plan -------------------------------------------------------------


class Participants(Strict):
    min: Positive = doc("Mínimo de participantes.", "Minimum participants.")
    max: Positive = doc("Máximo de participantes.", "Maximum participants.")
    profile: Text | None = doc("A quién va dirigido.", "Who it is for.", default=None)
    group_size: Positive | None = doc(
        "Personas por grupo pequeño (para contar materiales por grupo; 5 si falta). Los "
        "grupos se cuentan hacia arriba: 13 personas en grupos de 4 son 4 grupos.",
        "People per small group (to count per-group materials; 5 when missing). Groups "
        "are counted up: 13 people in groups of 4 make 4 groups.",
        default=None,
    )


class Facilitation(Strict):
    facilitators: Positive = doc("Número de facilitadores.", "Number of facilitators.")
    training: Term("training") = doc(
        "Formación que necesita quien facilita: untrained, trained, professional.",
        "Training the facilitator needs: untrained, trained, professional.",
    )
    notes: Text | None = doc("Notas.", "Notes.", default=None)


class Material(Strict):
    item: Text = doc("Material.", "Item.")
    quantity: Annotated[float, Field(gt=0, allow_inf_nan=False)] = doc("Cantidad.", "Quantity.")
    per: Term("material_per") = doc(
        "Por persona, por grupo o por taller.", "Per person, per group or per workshop."
    )
    round_to: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = doc(
        "El total se redondea hacia arriba a un múltiplo de este número: 1 si falta "
        "(unidades enteras), 0.5 para medios litros, 10 si se compra en paquetes de 10.",
        "The total is rounded up to a multiple of this number: 1 when missing (whole "
        "units), 0.5 for half litres, 10 when it comes in packs of 10.",
        default=None,
    )
    at_least: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = doc(
        "Lo mínimo que hay que tener, por pequeño que sea el grupo.",
        "The least to have, however small the group.",
        default=None,
    )


class Needs(Strict):
    electricity: bool | None = doc("¿Necesita electricidad?", "Needs electricity?", default=None)
    internet: bool | None = doc("¿Necesita internet?", "Needs internet?", default=None)
    projector: bool | None = doc("¿Necesita proyector?", "Needs a projector?", default=None)


class Activity(Strict):
    title: Text = doc("Título de la actividad.", "Title of the activity.")
    minutes: Positive = doc("Duración en minutos.", "Length in minutes.")
    kind: Term("activity_kind") = doc("Tipo de actividad.", "Kind of activity.")
    grouping: Term("grouping") = doc("Cómo se agrupa la gente.", "How people are grouped.")
    description: Text = doc("Qué se hace.", "What happens.")
    facilitator_notes: Text | None = doc(
        "Notas para quien facilita.", "Notes for the facilitator.", default=None
    )
    debrief: list[Text] = doc(
        "Preguntas para la puesta en común.", "Debrief questions.", default_factory=list
    )


class Handout(Strict):
    path: Text = doc("Archivo en la carpeta del taller.", "File in the workshop's folder.")
    title: Text = doc("Título.", "Title.")


class Workshop(Common):
    """A workshop plan. / Un plan de taller."""

    strand: Term("strand") = doc(
        "Eje: technical, organizational, political, integral.",
        "Strand: technical, organizational, political, integral.",
    )
    level: Annotated[int, Field(ge=1, le=3)] | None = doc("Nivel 1 a 3.", "Level 1 to 3.",
                                                          default=None)
    duration_minutes: Positive = doc(
        "Duración total; igual a la suma de los minutos de las actividades.",
        "Total length; equals the sum of the activities' minutes.",
    )
    participants: Participants = doc("Participantes.", "Participants.")
    facilitation: Facilitation = doc("Facilitación.", "Facilitation.")
    why: Text = doc("La situación que pide este taller.", "The situation that calls for it.")
    objectives: list[Text] = doc(
        "Lo que las personas podrán hacer después («para que...»).",
        "What participants can do afterwards (\"so that...\").",
        min_length=1,
    )
    questions: list[Text] = doc("Preguntas guía.", "Guiding questions.", default_factory=list)
    materials: list[Material] = doc("Materiales.", "Materials.", min_length=1, max_length=200)
    needs: Needs | None = doc(
        "Lo que necesita (un buen plan no necesita nada de esto).",
        "What it needs (a good plan needs none of these).",
        default=None,
    )
    setup: list[Text] = doc("Qué preparar antes.", "What to prepare before.", default_factory=list)
    activities: list[Activity] = doc("Actividades.", "Activities.", min_length=1, max_length=100)
    keypoints: list[Text] = doc("Puntos clave.", "Key points.", min_length=1)
    handouts: list[Handout] = doc("Materiales impresos.", "Handouts.", default_factory=list)
    evaluation: Text | None = doc("Cómo se evalúa la jornada.", "How the day is evaluated.",
                                  default=None)
    prerequisites: list[Slug] = doc(
        "Talleres previos (ids).", "Workshops to take first (ids).", default_factory=list
    )
    related_repairs: list[Slug] = doc(
        "Reparaciones relacionadas (ids).", "Related repairs (ids).", default_factory=list
    )
    life_cycle: Term("life_cycle") | None = doc(
        "Madurez: draft, tested, stable.", "Life cycle: draft, tested, stable.", default=None
    )

    @model_validator(mode="after")
    def _rules(self, info: ValidationInfo) -> Workshop:
        if not (info.context or {}).get("checked"):  # kept results were checked before
            first_violation("workshop", self.model_dump(by_alias=True))
        return self


MODELS: dict[str, type[Repair] | type[Workshop]] = {"repair": Repair, "workshop": Workshop}


class BibEntry(Strict):
    """A published source in content/bibliography.yaml. / Una fuente publicada."""

    title: Text = doc("Título.", "Title.")
    authors: list[Name] = doc("Autores.", "Authors.", default_factory=list)
    publisher: Text | None = doc("Editorial o sitio.", "Publisher or site.", default=None)
    date: PartialDate | None = doc("Fecha de publicación.", "Publication date.", default=None)
    url: Url | None = doc("Dirección web.", "Web address.", default=None)
    language: Term("lang") | None = doc("Idioma de la fuente.", "Language of the source.",
                                        default=None)
    description: Text | None = doc("Qué es, en una línea.", "What it is, in one line.",
                                   default=None)


class Synonym(Strict):
    """Words a worker may type, and the word the write-ups use. / Palabras de un trabajador."""

    use: Name = doc("Palabra (o palabras) que usan los documentos.",
                    "Word (or words) the write-ups use.")
    also: list[Name] = doc("Otras formas de decirlo: regionales, marcas, préstamos del inglés.",
                           "Other ways of saying it: regional words, trade names, loanwords.",
                           min_length=1)


class Synonyms(Strict):
    """schema/synonyms.yaml: the search's synonyms, per language. / Sinónimos del buscador."""

    es: list[Synonym] = doc("Sinónimos en español.", "Spanish synonyms.", default_factory=list)
    en: list[Synonym] = doc("Sinónimos en inglés.", "English synonyms.", default_factory=list)
