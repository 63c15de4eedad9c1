"""Pydantic models and vocabularies of the knowledge base's documents."""

from .models import MODELS, Repair, Workshop
from .vocabularies import fold, vocab, vocabularies

__all__ = ["MODELS", "Repair", "Workshop", "fold", "vocab", "vocabularies"]
