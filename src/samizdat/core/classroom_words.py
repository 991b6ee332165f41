"""The words samizdat itself prints on classroom blocks, one row per language."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Words:
    """The words of one language."""
    source: str
    term: str
    question: str          # "Question 3"
    questions: str         # "Questions 2 and 3"
    answer: str
    teacher: str           # the title of a '::: teacher' block
    teachers_edition: str
    answer_key: str
    continued: str         # after a box's title on the page it runs on to


WORDS = {
    "en": Words("Primary source", "Key term", "Question", "Questions", "Answer", "For the teacher",
                "Teacher’s edition", "Answer key", "continued"),
    "de": Words("Quelle", "Begriff", "Frage", "Fragen", "Antwort", "Für die Lehrkraft",
                "Ausgabe für Lehrkräfte", "Lösungen", "Fortsetzung"),
    "fr": Words("Document", "Notion clé", "Question", "Questions", "Réponse", "Pour l’enseignant",
                "Édition de l’enseignant", "Corrigé", "suite"),
    "cs": Words("Pramen", "Klíčový pojem", "Otázka", "Otázky", "Odpověď", "Pro učitele",
                "Vydání pro učitele", "Řešení", "pokračování"),
    "pl": Words("Źródło", "Pojęcie", "Pytanie", "Pytania", "Odpowiedź", "Dla nauczyciela",
                "Wydanie dla nauczyciela", "Odpowiedzi", "ciąg dalszy"),
    "es": Words("Fuente", "Concepto clave", "Pregunta", "Preguntas", "Respuesta", "Para el docente",
                "Edición del docente", "Solucionario", "continuación"),
}


def words(lang: str) -> Words:
    """The row for a language tag ('cs', 'en-GB'); English for one not in the table."""
    return WORDS.get((lang or "en").split("-")[0].lower(), WORDS["en"])
