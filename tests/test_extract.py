"""Extraction rules on hand-written sentences (ours, not the dev set's).

Each relation has at least one sentence; negated, denied and hypothetical
clauses yield nothing.
"""
from __future__ import annotations

import pytest

from kg.extract import SYMMETRIC

pytestmark = pytest.mark.slow

CASES = [
    # (text, expected (subject, relation, object))
    ("Le président français Emmanuel Macron a rencontré jeudi le chancelier allemand Olaf Scholz à Berlin.",
     ("Emmanuel Macron", "leader_of", "France")),
    ("Le président français Emmanuel Macron a rencontré jeudi le chancelier allemand Olaf Scholz à Berlin.",
     ("Emmanuel Macron", "met", "Olaf Scholz")),
    ("Le ministre turc des Affaires étrangères Hakan Fidan a reçu son homologue grec à Ankara.",
     ("Hakan Fidan", "official_of", "Türkiye")),
    ("Finland joined NATO in April 2023 after decades of military neutrality.",
     ("Finland", "member_of", "NATO")),
    ("Pékin a renforcé son alliance stratégique avec Moscou l'an dernier.",
     ("China", "allied_with", "Russia")),
    ("Heavy fighting was reported in Kharkiv, Ukraine, on Monday.",
     ("Kharkiv", "located_in", "Ukraine")),
    ("Le président chinois Xi Jinping s'est rendu lundi à Moscou pour trois jours.",
     ("Xi Jinping", "visited", "Moscow")),
    ("La visite de Xi Jinping à Moscou a duré trois jours.",
     ("Xi Jinping", "visited", "Moscow")),
    ("L'Arménie et l'Azerbaïdjan ont signé un accord de paix à Washington.",
     ("Armenia", "signed_agreement_with", "Azerbaijan")),
    ("The French government has voiced its support for Armenia in the dispute.",
     ("France", "supports", "Armenia")),
    ("Germany delivered air-defence systems to Ukraine last month.",
     ("Germany", "provided_aid_to", "Ukraine")),
    ("Moscow deployed thousands of troops to Belarus in February.",
     ("Russia", "deployed_forces_to", "Belarus")),
    ("Kyiv a été frappée par la Russie dans la nuit de dimanche à lundi.",
     ("Russia", "attacked", "Kyiv")),
    ("Russia invaded Ukraine in February 2022.",
     ("Russia", "invaded", "Ukraine")),
    ("Le Kremlin a menacé la Moldavie de représailles.",
     ("Russia", "threatened", "Moldova")),
    ("The European Union imposed sanctions on Iran over its drone exports.",
     ("European Union", "sanctioned", "Iran")),
    ("Le Japon a condamné vendredi le tir de missile de la Corée du Nord.",
     ("Japan", "condemned", "North Korea")),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[f"{c[1][1]}-{i}" for i, c in enumerate(CASES)])
def test_relation_is_found(extract, text, expected):
    found = extract(text)
    s, relation, o = expected
    assert expected in found or (relation in SYMMETRIC and (o, relation, s) in found), found


@pytest.mark.parametrize("text, relation", [
    ("Le Kremlin a démenti que Vladimir Poutine ait rencontré Donald Trump en secret.", "met"),
    ("The European Union could impose sanctions on Belarus next month.", "sanctioned"),
    ("Paris appelle Moscou à retirer ses troupes de Géorgie.", "deployed_forces_to"),
    ("If Russia invades Moldova, NATO will respond.", "invaded"),
    ("La Chine n'a pas condamné l'offensive.", "condemned"),
])
def test_negated_or_hypothetical_clause_yields_nothing(extract, text, relation):
    assert not [s for s in extract(text) if s[1] == relation]


def test_surname_refers_back_to_the_full_name(builder, tmp_path):
    from kg.ingest import read_articles

    path = tmp_path / "a.txt"
    path.write_text("Titre\nLe ministre russe Sergueï Lavrov est arrivé à Pyongyang. "
                    "Lavrov a ensuite rencontré Kim Jong-un.", encoding="utf-8")
    [extraction] = list(builder.extract(read_articles([path])))
    lavrov = {m.entity.key for m in extraction.mentions if "Lavrov" in m.text}
    assert len(lavrov) == 1
    assert any(m.text == "Kim Jong-un" for m in extraction.mentions)  # kept whole by the tokenizer


def test_mention_index_counts_the_mentions_a_span_overlaps():
    from kg.extract.triggers import MentionIndex
    from kg.model import Entity, EntityType, Mention

    people = [Entity(f"person:{n}", n, EntityType.PERSON) for n in "abc"]
    index = MentionIndex([Mention(2, 4, "a", people[0]), Mention(5, 6, "b", people[1]), Mention(9, 12, "c", people[2])])
    assert [index.count_in(start, end) for start, end in [(0, 2), (0, 3), (3, 5), (3, 6), (0, 20), (6, 9), (11, 12)]] \
        == [0, 1, 1, 2, 3, 0, 1]
    assert all(index.count_in(s, e) == len(index.in_tokens(type("T", (), {"i": i}) for i in range(s, e)))
               for s in range(14) for e in range(s + 1, 14))


@pytest.mark.parametrize("lang, text", [
    ("en", "The Ukrainian president met Emmanuel Macron in Paris on Monday. \"We will stand with Kyiv,\" he said."),
    ("fr", "Le président ukrainien a rencontré lundi Emmanuel Macron à l'Élysée. « Nous tiendrons », a-t-il dit."),
    ("en", ""),
])
def test_a_documents_words_are_its_tokens_strings(builder, lang, text):
    """The passes that scan a whole document read its words from one table
    (doc_words); the table is what the tokens say, lemmas lower-cased."""
    from kg.nlp import doc_words

    doc = builder.pipelines[lang](text)
    words = doc_words(doc)
    assert words.text == [t.text for t in doc] and words.lower == [t.lower_ for t in doc]
    assert words.lemma == [t.lemma_.lower() for t in doc] and words.pos == [t.pos_ for t in doc]
    assert doc_words(doc) is words  # read once per document
