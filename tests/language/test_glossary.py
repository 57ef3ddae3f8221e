"""The English -> Swedish glossary: the hand glossary first, then the domain lexicon
(assistant/language/en_sv.tsv, the corpus's vocabulary translated), looked up by lemma too."""

from pathlib import Path

from assistant.language.glossary import (
    GLOSSARY,
    LEXICON,
    MAX_SWEDISH,
    _load,
    _phrases,
    bilingual,
    swedish_words,
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


def test_a_phrase_of_content_words_is_one_unit_and_a_phrase_of_one_is_not(tmp_path: Path):
    lexicon = tmp_path / "en_sv.tsv"
    lexicon.write_text("kompetenssatsning\tcompetence initiative\nåtminstone\tat least\n"
                       "enhetschef\tunit manager, head of unit\ndelta\tparticipate, took part\n",
                       "utf-8")
    phrases = _phrases(lexicon)
    assert phrases[("competence", "initiative")] == ("kompetenssatsning",)
    assert phrases[("head", "of", "unit")] == ("enhetschef",)
    assert phrases[("take", "part")] == ("delta",)  # kept as lemmas: `taking part` matches
    assert ("at", "least") not in phrases  # one content word: left to `least` -> minst


def test_a_question_is_translated_phrase_first_then_word_by_word():
    found = dict(translations("At least how many people took part in the trainings of the "
                              "competence initiative?", with_words=True))
    assert found["competence initiative"] == ("kompetenssatsning",)
    assert "delta" in found["took part"]
    assert "competence" not in found and "part" not in found  # no half matches, no `del`
    assert "minst" in found["least"]
    assert "enhetschef" in swedish_words("Who was the responsible head of unit?")


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


def test_the_lexicon_file_is_well_formed():
    """One line a Swedish lemma: `swedish<TAB>english, english`, each lemma once."""
    lines = [line for line in LEXICON.read_text("utf-8").splitlines()
             if not line.startswith("#")]
    assert len(lines) > 4000
    swedish = [line.split("\t")[0] for line in lines]
    assert all(line.count("\t") == 1 and line.split("\t")[1].strip() for line in lines)
    assert len(set(swedish)) == len(swedish)


def test_the_vocabulary_script_lists_lemmas_not_names_or_stop_words():
    import sys

    sys.path.insert(0, str(LEXICON.parents[2] / "scripts"))
    from corpus_vocabulary import vocabulary

    text = ("Socialstyrelsen fördelade medel till kommunerna. Kommunerna förbrukade medlen och "
            "kommunen redovisade dem till Socialstyrelsen. Det gav kompetens-\nutveckling.")
    found = vocabulary([text], minimum=1)
    assert "kommun" in found and "medel" in found  # lemmas, counted over their forms
    assert "kompetensutveckling" in found  # a hyphenated line break joined
    assert "socialstyrelsen" not in found  # only ever capitalised: a name
    assert "och" not in found and "till" not in found


def test_a_possessive_or_a_swedish_name_makes_no_english_word():
    """`Socialstyrelsen's` once gave the word `s`, which the lexicon took for an abbreviation
    (barnombudsman, läkarbesök ...); `Hjälpmedelsinstitutet` was split at its å/ä/ö."""
    found = dict(translations("How much did Socialstyrelsen's grant amount to?",
                              with_words=True))
    assert "s" not in found and "grant" in found
    assert dict(translations("Hjälpmedelsinstitutet’s report", with_words=True)).keys() == {
        "report"}
