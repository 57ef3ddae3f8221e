"""The lexical index: Swedish stems, value-normalised numbers, filters, saving and staleness."""

from __future__ import annotations

import pytest

from assistant.index.lexical import LexicalIndex, fingerprint
from assistant.language.terms import analyse, number_tokens

KOMPETENS = ("Utbildningsinsatserna har förbrukat 406 av de 428,5 miljoner kronor som fördelades "
             "från 2008 till och med 2011.")
REGERINGSBESLUT = ("Socialstyrelsen får för detta ändamål disponera 10 000 000 kronor av de medel "
                   "som anvisats under anslaget 10:1.")
LAGESRAPPORT = ("Enligt de ekonomiska redovisningarna har kommunerna sammanlagt förbrukat "
                "326 479 594 kronor av stimulansmedlen.")
IDS = ["kompetens:00002", "beslut:00001", "lage:00040"]
TEXTS = [KOMPETENS, REGERINGSBESLUT, LAGESRAPPORT]
METAS = [
    {"document": "kompetens", "title": "Kompetenssatsning 2008–2011", "publisher":
     "Socialstyrelsen", "year": 2012, "page": 2},
    {"document": "beslut", "title": "Regeringsbeslut 2009", "publisher": "Regeringen",
     "year": 2009, "page": 1},
    {"document": "lage", "title": "Lägesrapport 2018", "publisher": "Socialstyrelsen",
     "year": 2018, "page": 40},
]


@pytest.fixture
def index() -> LexicalIndex:
    return LexicalIndex.build(IDS, TEXTS, METAS, fingerprint(IDS, TEXTS, METAS))


def test_stems_join_inflections():
    assert analyse("förbrukades")[0] == analyse("förbrukat")[0]
    assert "kompetenssatsning" in analyse("kompetenssatsningen")
    assert "och" not in " ".join(analyse("hälso- och sjukvården"))


def test_number_tokens_match_by_value():
    assert "#428500000" in number_tokens("428,5 miljoner kronor")
    assert "#428500000" in number_tokens("428.5 MSEK")
    assert "#428500000" in number_tokens("428 500 000 kr")
    assert "#10000000" in number_tokens("10 000 000 kronor")


def test_a_query_in_msek_finds_miljoner_kronor(index):
    hits = index.search("Fördelades 428.5 MSEK?", 3)
    assert hits[0].id == "kompetens:00002"
    assert hits[0].page == 2 and hits[0].publisher == "Socialstyrelsen"


def test_filters_apply_to_every_field(index):
    assert [p.id for p in index.search("förbrukat", 5)] != []
    assert {p.document for p in index.search("förbrukat", 5, {"document": ("lage",)})} == {"lage"}
    assert index.search("förbrukat", 5, {"publisher": ("Regeringen",)}) == []
    assert {p.id for p in index.search("kronor", 5, {"year": (2009, 2018)})} == {
        "beslut:00001", "lage:00040"}


def test_unknown_words_find_nothing(index):
    assert index.search("klimatanpassning", 5) == []
    assert index.idf("klimatanpassning") is None
    assert index.idf(analyse("förbrukat")[0]) < index.idf(analyse("ändamål")[0])


def test_save_and_load_round_trip(index, tmp_path):
    index.save(tmp_path / "lexical")
    loaded = LexicalIndex.load(tmp_path / "lexical")
    assert loaded is not None and loaded.fingerprint == index.fingerprint
    assert [p.id for p in loaded.search("förbrukat kronor", 3)] == [
        p.id for p in index.search("förbrukat kronor", 3)]
    index.save(tmp_path / "lexical")  # saving again replaces, never duplicates
    assert len([p for p in (tmp_path / "lexical").iterdir() if p.is_dir()]) == 1


def test_missing_or_damaged_index_loads_as_none(tmp_path):
    assert LexicalIndex.load(tmp_path / "nothing") is None
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "lexical.json").write_text("{not json", "utf-8")
    assert LexicalIndex.load(tmp_path / "bad") is None


def test_fingerprint_sees_any_change():
    base = fingerprint(IDS, TEXTS, METAS)
    assert fingerprint(list(reversed(IDS)), list(reversed(TEXTS)), list(reversed(METAS))) == base
    assert fingerprint(IDS, [*TEXTS[:2], TEXTS[2] + " Nytt."], METAS) != base
    assert fingerprint(IDS[:2], TEXTS[:2], METAS[:2]) != base


def test_empty_store_builds_an_empty_index():
    empty = LexicalIndex.build([], [], [])
    assert len(empty) == 0 and empty.search("förbrukat", 5) == []


def test_terms_join_the_forms_of_a_word():
    # lemmas (simplemma) and stems: `antal`/`antalet`, `år`/`året`, strong verbs, compounds
    assert analyse("antalet") == analyse("antal")
    assert analyse("om året") == analyse("år")
    assert analyse("insatsen") == analyse("insatser")
    assert analyse("anslog") == analyse("anslå")
    assert analyse("förbrukades") == analyse("förbrukat") == analyse("forbrukades")
    assert analyse("stimulansmedlen") == analyse("stimulansmedel")
    assert analyse("kommunerna") == analyse("kommun")
    assert "per" not in analyse("185 miljarder norska kronor per år")


def test_a_chunks_chapter_is_searchable_and_its_documents_terms_are_known():
    ids = ["prio:1", "prio:2"]
    texts = ["Insatsen tilldelas 550 miljoner kronor under 2012–2015.",
             "Kommunerna rapporterar hur många planer som upprättats."]
    metas = [{"document": "prio", "title": "PRIO", "chapter":
              "2.6 PRESTATIONSMÅL: SAMORDNADE INDIVIDUELLA PLANER"},
             {"document": "prio", "title": "PRIO"}]
    index = LexicalIndex.build(ids, texts, metas, fingerprint(ids, texts, metas))
    assert index.search("individuella planer", 1)[0].id == "prio:1"
    assert {*analyse("insatsen kommunerna"), "#550000000"} <= index.document_terms("prio")
    assert index.document_terms("other") == frozenset()


def test_english_function_words_are_not_swedish_stems():
    # `have` would stem to `hav` (sea), which the reports use
    assert analyse("How many participants did Västra Götaland have in 2012?") == analyse(
        "participants Västra Götaland 2012")
