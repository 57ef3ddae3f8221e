"""The English -> Swedish glossary: the hand glossary first, then the domain lexicon
(assistant/language/en_sv.tsv, the corpus's vocabulary translated), looked up by lemma too."""

from pathlib import Path

from assistant.language.glossary import (
    GLOSSARY,
    LEXICON,
    MAX_SWEDISH,
    _load,
    bilingual,
    translations,
)


def test_the_lexicon_is_read_after_the_glossary(tmp_path: Path):
    lexicon = tmp_path / "en_sv.tsv"
    lexicon.write_text("landsting\tcounty council, region\nkommun\tmunicipality\n"
                       "samordna\tcoordinate\nskl\t\n", "utf-8")
    loaded = _load(lexicon)
    assert loaded["municipality"][0] == "kommun"  # the glossary's own word stays first
    assert loaded["coordinate"] == ("samordna",)
    assert "landsting" in loaded["council"] and "landsting" in loaded["county"]
    assert "of" not in loaded and "" not in loaded  # no function words, no empty entries


def test_the_words_of_a_phrase_serve_only_words_without_a_one_word_equivalent(tmp_path: Path):
    lexicon = tmp_path / "en_sv.tsv"
    lexicon.write_text("handlingsplan\taction plan\nplan\tplan\nlandsting\tcounty council\n",
                       "utf-8")
    loaded = _load(lexicon)
    assert loaded["plan"] == ("plan",)  # not every compound that ends in -plan
    assert loaded["action"] == ("handlingsplan",)


def test_each_english_word_keeps_few_swedish_words():
    assert all(len(swedish) <= MAX_SWEDISH for swedish in GLOSSARY.values())


def test_english_words_are_found_by_their_lemma():
    found = dict(translations("Which centre coordinated the subprojects in the counties?",
                              with_words=True))
    assert "län" in found["counties"]
    if LEXICON.is_file():
        assert any(w.startswith("samordn") for w in found["coordinated"])


def test_bilingual_adds_swedish_words_and_names():
    text = bilingual("How much did the National Board of Health and Welfare spend?")
    assert "Socialstyrelsen" in text and "förbruka" in text
