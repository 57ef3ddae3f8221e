"""Follow-up resolution by rules, on phrasings from the reports: follow-ups become standalone
questions; new, complete questions on another topic inherit nothing."""

from __future__ import annotations

import tomllib

import pytest

from assistant.conversation import MAX_TURNS, Preference, Turn, prefer, recent
from assistant.conversation.followup import FollowUpResolver, profile, year_spans
from assistant.models import DocumentInfo, Passage
from tests.conftest import CORPUS

DOCS = [DocumentInfo(id=d["id"], title=d["title"], source=d["file"], publisher=d["publisher"],
                     year=d["year"])
        for d in tomllib.loads((CORPUS / "documents.toml").read_text("utf-8"))["document"]]
KOMPETENS = "socialstyrelsen-kompetenssatsning-2008-2011"
BESLUT = "regeringsbeslut-2009-forsakringskassan"
PRIO = "vardanalys-prio-psykisk-ohalsa-bilaga"
LAGES = "socialstyrelsen-2018-lagesrapport"
SKANE_2012 = "Hur många deltog i kompetenssatsningens utbildningar i Skåne 2012?"


@pytest.fixture(scope="module")
def resolver() -> FollowUpResolver:
    return FollowUpResolver(lambda: DOCS)


def resolve(resolver, *questions: str, cited: tuple[str, ...] = (KOMPETENS,)):
    *before, question = questions
    return resolver.resolve(question, [Turn(q, "…", cited) for q in before])


@pytest.mark.parametrize("before, follow_up, standalone", [
    # a year replaces the year (the last one: `SKL 2016` names the report, `under 2016` is asked)
    (SKANE_2012, "Och 2010?", "Hur många deltog i kompetenssatsningens utbildningar i Skåne 2010?"),
    ("Vad beräknade SKL 2016 att infrastrukturen för psykisk hälsa skulle kosta under 2016?",
     "Och 2018?",
     "Vad beräknade SKL 2016 att infrastrukturen för psykisk hälsa skulle kosta under 2018?"),
    (SKANE_2012, "and in 2009?",
     "Hur många deltog i kompetenssatsningens utbildningar i Skåne 2009?"),
    # a year relative to the one before
    ("Hur mycket förbrukade Västra Götaland av kompetenssatsningens medel under 2012?",
     "och året innan?",
     "Hur mycket förbrukade Västra Götaland av kompetenssatsningens medel under 2011?"),
    # a region replaces the region, written sloppily or not
    ("hur mycket statsbidrag fick skane 2008 i kompetenssatsningen, i tkr?", "och gotland?",
     "hur mycket statsbidrag fick Gotland 2008 i kompetenssatsningen, i tkr?"),
    ("Hur många projekt hade utbildning i supported employment i Stockholms län 2012?",
     "och i Västra Götaland?",
     "Hur många projekt hade utbildning i supported employment i Västra Götaland 2012?"),
    ("Hur mycket statsbidrag beviljades Jämtland för 2009 i kompetenssatsningen?",
     "Och Dalarna då?",
     "Hur mycket statsbidrag beviljades Dalarna för 2009 i kompetenssatsningen?"),
    # a municipality the place list does not know, named as one (`Mora kommun`)
    ("Klarade Mora kommun grundkrav 2 om webbaserad information i PRIO 2013?", "och Vaxholm?",
     "Klarade Vaxholm kommun grundkrav 2 om webbaserad information i PRIO 2013?"),
    # a sector replaces the sector
    ("Hur många SIP:ar upprättades för barn och unga i kommunerna 2013?", "och i landstingen?",
     "Hur många SIP:ar upprättades för barn och unga i landstingen 2013?"),
    # another report replaces the one named before
    ("Hur många Hjärnkoll-ambassadörer fanns enligt Socialstyrelsens slutrapport om "
     "kompetenssatsningen?", "och enligt Vårdanalys uppföljning av PRIO?",
     "Hur många Hjärnkoll-ambassadörer fanns enligt Vårdanalys uppföljning av PRIO?"),
])
def test_a_slot_only_follow_up_is_the_question_before_with_the_slot_replaced(
        resolver, before, follow_up, standalone):
    got = resolve(resolver, before, follow_up)
    assert got.question == standalone and got.interpreted == standalone


@pytest.mark.parametrize("before, follow_up, carried, not_carried", [
    ("Hur mycket pengar fördelade Socialstyrelsen totalt till kommuner och landsting i "
     "kompetenssatsningen 2008–2011?", "hur mycket av det förbrukades egentligen?",
     ["pengar", "2008–2011"], ["Hur mycket pengar", " till "]),
    ("Vem undertecknade förordet i SKL:s förslag 2016 om en utvecklingsstruktur?",
     "what was his title?", ["förordet", "2016"], ["Vem"]),
    ("Vem undertecknade förordet i SKL:s förslag 2016 om en utvecklingsstruktur?",
     "vilken titel hade han?", ["förordet", "2016"], ["Vem"]),
    ("Vilken myndighet fick 2015 uppdraget att samordna det nationella suicidförebyggande "
     "arbetet?", "när beslutades det uppdraget?", ["2015"], ["Vilken"]),
    # a new year of its own replaces the year before
    ("Hur många av kommunerna i Socialstyrelsens enkät 2012–2013 hade en samlad kompetensplan?",
     "what was that share in the 2011 survey?", ["enkät"], ["2012–2013"]),
])
def test_a_follow_up_with_words_of_its_own_keeps_them_and_gets_the_topic_before(
        resolver, before, follow_up, carried, not_carried):
    got = resolve(resolver, before, follow_up)
    assert got.interpreted is not None and got.question.startswith(follow_up.rstrip("?"))
    assert all(word in got.question for word in carried), got.question
    assert not any(word in got.question for word in not_carried), got.question
    assert got.prefer == (KOMPETENS,)  # the documents the answer before cited


def test_vem_skrev_den_is_about_the_report_the_answer_cited(resolver):
    got = resolve(resolver, SKANE_2012, "Vem skrev den?")
    assert got.interpreted is not None and got.prefer == (KOMPETENS,)
    got = resolve(resolver, "Hur mycket avsatte riksdagen för budgetåret 2009 till anslag 1:8?",
                  "vem undertecknade det regeringsbeslutet?", cited=(BESLUT,))
    # the report itself: no topic words carried, retrieval prefers the decision
    assert "anslag" not in got.question and got.prefer == (BESLUT,)


@pytest.mark.parametrize("before, question", [
    ("Hur många samordnare krävs minst i varje län enligt SKL:s handlingsplan för 2016?",
     "What was the response rate of Socialstyrelsen's municipal survey in winter 2012–2013?"),
    ("Hur mycket avser regeringen avsätta per år 2010 och 2011 för fortsatt gemensam "
     "kunskapsutveckling?", "Hur mycket avsatte regeringen för 2010 för att stödja utbildning "
                            "i evidensbaserad psykologisk behandling?"),
    ("Hur många projekt pågick i Gävleborg 2011 inom kompetenssatsningen?",
     "Hur många kunskapsnoder för självskadebeteende har SKL gett stöd till?"),
    ("Hur mycket av kommunernas allmänna stimulansmedel 2017 gick till brukarmedverkan?",
     "Vem skrev under regeringsbeslutet om Försäkringskassans uppdrag om gemensam "
     "kunskapsutveckling om rehabilitering?"),
    ("hur stor andel av det användes av specialistpsykiatrin?",
     "Hur stor andel av kommunernas allmänna stimulansmedel 2017 gick till sysselsättning?"),
    ("How many county coordinators did Socialstyrelsen interview for its 2018 status report?",
     "How many young people shared their stories in the digital questionnaires for the "
     "youth agency's mapping?"),
    # an expletive `det`, a date's `den`: no pointing back
    (SKANE_2012, "Hur många utbildningsplatser i kurser på en halv dag fanns det 2010 i "
                 "kompetenssatsningen?"),
    (SKANE_2012, "Hur många län lämnade in länsgemensamma handlingsplaner till SKL den 31 "
                 "oktober 2017?"),
])
def test_a_new_complete_question_inherits_nothing(resolver, before, question):
    got = resolve(resolver, before, question)
    assert got.question == question and got.interpreted is None and got.prefer == ()


def test_without_history_nothing_changes(resolver):
    assert resolver.resolve("Och 2010?", []).interpreted is None


def test_turns_resolve_in_order_so_a_follow_up_of_a_follow_up_keeps_the_topic(resolver):
    got = resolve(resolver, SKANE_2012, "Och 2010?", "och gotland?")
    assert got.question == "Hur många deltog i kompetenssatsningens utbildningar i Gotland 2010?"


def test_only_the_last_turns_count():
    turns = [Turn(f"fråga {i}") for i in range(MAX_TURNS + 5)]
    assert recent(turns) == tuple(turns[5:])


def test_year_spans_take_a_range_as_one():
    text = "fördelade 2008–2011 och under 2012"
    assert [text[s:e] for s, e in year_spans(text)] == ["2008–2011", "2012"]


def test_a_report_name_is_read_from_the_documents_not_a_list(resolver):
    names = resolver.names()
    assert profile("och enligt Vårdanalys uppföljning av PRIO?", names).named == {PRIO}
    assert profile("Och vad säger Socialstyrelsens lägesrapport 2018?", names).named == {LAGES}


def test_a_follow_up_on_another_report_asks_on_its_own_terms_unless_it_points_back(resolver):
    # names another report and does not point back: none of the earlier topic words
    # (`fördelade`, `överenskommelsen`), and retrieval prefers the report it names
    got = resolve(resolver, "Hur mycket fördelade regeringen genom överenskommelsen med SKL om "
                            "psykisk hälsa 2016?",
                  "och hur mycket avsatte regeringen till PRIO totalt 2012–2015?", cited=(LAGES,))
    assert got.question == "och hur mycket avsatte regeringen till PRIO totalt 2012–2015?"
    assert PRIO in got.prefer
    # `samma sak` points back: the topic goes along to the other report
    got = resolve(resolver, "Hur många ambassadörer har Hjärnkoll enligt Vårdanalys uppföljning "
                            "av PRIO?",
                  "vad skrev Socialstyrelsen om samma sak i slutrapporten om kompetenssatsningen?",
                  cited=(PRIO,))
    assert "Hjärnkoll" in got.question and got.prefer == (KOMPETENS,)


def _passage(doc: str, n: int) -> Passage:
    return Passage(id=f"{doc}:{n}", document=doc, title=doc, text="…", score=1.0 / (n + 1))


def test_retrieval_prefers_but_is_not_limited_to_the_cited_documents():
    ranked = [_passage("a", 0), _passage("a", 1), _passage("b", 2), _passage("a", 3),
              _passage("b", 4)]
    got = prefer(ranked, ["b"], 4, Preference(promote=2))
    assert [p.id for p in got] == ["a:0", "b:2", "a:1", "b:4"]  # `a` still answers
    assert prefer(ranked, [], 2) == ranked[:2]


def test_v1_messages_are_the_history_with_the_documents_each_answer_listed():
    from assistant.api.openai_compat import ChatCompletionRequest

    answer = ("Skåne, Deltagare 2012: 8 422. [1]\n\nKällor:\n[1] Kompetenssatsning inom "
              f"psykiatri och socialtjänst 2008–2011: slutrapport, s. 10 ({KOMPETENS})")
    body = ChatCompletionRequest(messages=[
        {"role": "system", "content": "Svara kort."},
        {"role": "user", "content": SKANE_2012},
        {"role": "assistant", "content": answer},
        {"role": "user", "content": "Och 2010?"},
    ])
    assert body.question() == "Och 2010?"
    assert body.history() == (Turn(SKANE_2012, answer, (KOMPETENS,)),)


def test_a_part_of_what_was_answered_brings_the_answers_figure(resolver):
    before = ("Hur mycket pengar fördelade Socialstyrelsen totalt till kommuner och landsting i "
              "kompetenssatsningen 2008–2011?")
    answer = ("På regeringens uppdrag fördelade Socialstyrelsen 428,5 miljoner kronor till "
              "kommuner och landsting under perioden 2008–2011. [1]")
    resolved = resolver.resolve("hur mycket av det förbrukades?", [Turn(before, answer,
                                                                        (KOMPETENS,))])
    assert resolved.question.endswith("428,5 miljoner kronor?")
    # an answer without a figure, or no back-reference to it, adds nothing
    refused = resolver.resolve("hur mycket av det förbrukades?", [Turn(
        before, "Jag hittar inget stöd för det i dokumenten.", ())])
    assert "miljoner" not in refused.question
    other = resolver.resolve("Och 2010?", [Turn(before, answer, (KOMPETENS,))])
    assert "428,5" not in other.question
