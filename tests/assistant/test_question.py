"""Question-type detection and value kinds, on questions officials ask and report sentences."""

from __future__ import annotations

import pytest

from assistant.language.question import (
    Kind,
    classify,
    is_english,
    money_flows,
    topic,
    value_match,
)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Hur mycket av pengarna förbrukades?", Kind.AMOUNT),
        ("Vad kostar det att tillsätta länssamordnare?", Kind.AMOUNT),
        ("How much did the government set aside in total for PRIO?", Kind.AMOUNT),
        ("Hur många personer deltog i utbildningarna?", Kind.COUNT),
        ("How many projects received funding?", Kind.COUNT),
        ("Hur stor andel av kommunerna hade en samlad plan?", Kind.SHARE),
        ("What share of ongoing sick leave is due to psychiatric diagnoses?", Kind.SHARE),
        ("När ska uppdraget slutredovisas?", Kind.TIME),
        ("By what date must Försäkringskassan submit its final report?", Kind.TIME),
        ("Vem har skrivit slutrapporten?", Kind.PERSON),
        ("Who led the project?", Kind.PERSON),
        ("Vilket betänkande hänvisar regeringsbeslutet till?", Kind.WHICH),
        # which + a money noun asks for an amount; which + a role asks for a person
        ("Vilket statsbidrag fick Gotland 2008 i kompetenssatsningen?", Kind.AMOUNT),
        ("Vilka medel fick attitydprojektet Hjärnkoll 2012–2014?", Kind.AMOUNT),
        ("Vilken månadslön har en länssamordnare?", Kind.AMOUNT),
        ("What hourly fee are Hjärnkoll ambassadors paid?", Kind.AMOUNT),
        ("Vilken minister undertecknade regeringsbeslutet?", Kind.PERSON),
        ("What was the response rate of the municipal survey?", Kind.SHARE),
        ("Vilket år startade Vinnvård?", Kind.YEAR),
        ("Vad budgeterar SKL för länssamordnare under 2016?", Kind.AMOUNT),
        ("Varför behövs en stödstruktur?", Kind.OTHER),
    ],
)
def test_classify(question, kind):
    assert classify(question).kind is kind


def test_language():
    assert is_english("How many course days did the initiative deliver?")
    assert not is_english("Hur många kursdagar blev det?")
    assert not is_english("Vad är PRIO?")


@pytest.mark.parametrize(
    ("sentence", "kind", "expected"),
    [
        ("Utbildningsinsatserna har förbrukat 406 av de 428,5 miljoner kronor som fördelades "
         "från 2008 till och med 2011.", Kind.AMOUNT, 1.0),
        ("Minst 30 000 personer har deltagit i dessa utbildningar.", Kind.COUNT, 1.0),
        ("Av de 280 kommuner och stadsdelar som besvarade frågan har 156 (56 procent) en "
         "samlad plan.", Kind.SHARE, 1.0),
        ("Uppdraget ska slutredovisas den 31 maj 2019.", Kind.TIME, 1.0),
        ("Rapporten har skrivits av utredaren Dick Lindberg som också varit projektledare.",
         Kind.PERSON, 1.0),
        ("Syftet var att förstärka kompetensen bland personal.", Kind.AMOUNT, 0.0),
        ("Syftet var att förstärka kompetensen bland personal.", Kind.TIME, 0.0),
        # a number written as a word is a number; `samtliga` (all) is no count
        ("Totalt ingår sju årligen återkommande prestationsområden.", Kind.COUNT, 1.0),
        ("Inom ramen för kompetenssatsningen har ett tiotal universitet och högskolor gett "
         "utbildningar på uppdragsbasis.", Kind.COUNT, 1.0),
        ("Samtliga län har kapacitet och kompetens att stödja införande av nya arbetssätt.",
         Kind.COUNT, 0.0),
        # a section number before a heading is no count (Swedish writes decimals with a comma)
        ("4.24 KOMPETENS INOM EVIDENSBASERAD PSYKOLOGISK BEHANDLING", Kind.COUNT, 0.0),
        # a year is half an answer to `när`, a whole one to `vilket år`
        ("Programmet startade 2008 med finansiering från Vårdalstiftelsen.", Kind.TIME, 0.5),
        ("Programmet startade 2008 med finansiering från Vårdalstiftelsen.", Kind.YEAR, 1.0),
        # an agency is not a person; a role without a name is half an answer
        ("Lägesrapporter ska lämnas till Regeringskansliet senast den 15 maj 2017.",
         Kind.PERSON, 0.3),
        ("Ansvarig enhetschef för uppdraget har varit Ann Holmberg.", Kind.PERSON, 1.0),
        ("Stockholm i maj 2016, Hans Karlsson, Direktör", Kind.PERSON, 1.0),
        ("Regeringen ger Socialstyrelsen i uppdrag att samarbeta med Sveriges Kommuner och "
         "Landsting.", Kind.PERSON, 0.3),
        ("Det har beräknats av Det Norska Helsedirektoratet.", Kind.PERSON, 0.3),
        ("För att få till stånd en kunskapsbaserad socialtjänst menade utredaren att staten "
         "borde utforma strategier.", Kind.PERSON, 0.5),
    ],
)
def test_value_match(sentence, kind, expected):
    assert value_match(sentence, kind) == expected


def test_a_swedish_agency_name_does_not_make_an_english_question_swedish():
    assert is_english("What share of ongoing sick leave paid by Försäkringskassan is due to "
                      "psychiatric diagnoses?")
    assert is_english("How much did the government set aside in total for PRIO psykisk ohälsa?")


def test_the_words_that_frame_the_kind_are_not_the_topic():
    assert topic("Hur stor andel av kommunerna hade en plan?").split() == [
        "av", "kommunerna", "hade", "en", "plan?"]
    assert topic("How many projects received funding?").split() == [
        "projects", "received", "funding?"]
    assert topic("Vilket datum skulle projekten redovisa?") == (
        "Vilket datum skulle projekten redovisa?")


def test_money_flows():
    assert money_flows("Hur mycket av pengarna förbrukades?") == {"spent"}
    assert money_flows("Socialstyrelsen har fördelat medel till 289 projekt") == {"allocated"}
    assert money_flows("Av dessa har drygt 1,3 miljoner återbetalats") == {"repaid"}
    assert money_flows("How much was paid back?") == {"repaid"}
    assert money_flows("2017 beräknas kostnaden till 48 miljoner kronor") == {"estimated"}
    assert money_flows("Totalt redovisades 214 238 981 kronor") == {"reported"}
    assert not money_flows("Kostnaden för psykisk ohälsa i Sverige är 70 miljarder kronor")


def test_a_year_genitive_and_a_role_after_vilken_are_not_topic_words():
    assert topic("Hur mycket av 2016 års pengar gick till SKL?").split() == [
        "av", "2016", "pengar", "gick", "till", "SKL?"]
    assert "minister" not in topic("Vilken minister undertecknade regeringsbeslutet?")



def test_questions_typed_without_a_ring_or_umlauts_are_read_alike():
    """`hur manga`, `forbrukades`: the cues match without diacritics, the topic keeps the
    question's own spelling."""
    assert classify("hur manga projekt hade vastmanland 2012").kind is Kind.COUNT
    assert classify("hur stor andel av deltagarna kom fran landstingen").kind is Kind.SHARE
    assert money_flows("hur mycket forbrukades 2011") == money_flows("förbrukades 2011")
    assert money_flows("hur mycket pengar fordelade socialstyrelsen") == {"allocated"}
    assert topic("hur manga landsting deltog").split() == ["landsting", "deltog"]
    assert topic("Hur många kommuner fick medel?").split() == ["kommuner", "fick", "medel?"]
