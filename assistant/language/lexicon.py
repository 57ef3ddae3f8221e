"""The word lists the language functions rest on, as data, in one place.

Each list says where it comes from. Inflections are not listed: terms are compared as lemmas
(see assistant.language.terms), so one form of a word stands for all of them.
"""

from __future__ import annotations

# Snowball's Swedish stop words, a preposition and a light verb it lacks (`per`, `gick till`),
# and the English ones a question may carry.
STOPWORDS: frozenset[str] = frozenset(
    """
    och det att i en jag hon som han på den med var sig för så till är men ett om hade de av icke
    mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde något från ut
    när efter upp vi dem vara vad över än dig kan sina här ha mot alla under någon eller allt mycket
    sedan ju denna själv detta åt utan varit hur ingen mitt ni bli blev oss din dessa några deras
    blir mina samma vilken er sådan vår blivit dess inom mellan sådant varför varje vilka ditt vem
    vilket sitta sådana vart dina vars vårt våra ert era vilkas också även samt enligt många
    per gick går gått
    the a an of to in and or is are was were how much many what which who whom when where does did
    do for on by with from that this these those be been it its as at about into than there their
    have has had having will would shall should can could may might must during each any some such
    not nor only own same so too very just also both either other our your we you they them he she
    his her him me my us
    """.split()
)
# The same words typed without å/ä/ö (`pa`, `nar`, `for`), as users often do.
STOPWORDS |= frozenset(w.translate(str.maketrans("åäö", "aao")) for w in STOPWORDS)

# Pronouns and deictics that point back: a follow-up question's (`vem skrev den?`, `what was
# his title?`, assistant.conversation.cues) and a sentence's that goes on about the one before
# it (`Den innebär ...`, assistant.answer.features).
DEICTICS: frozenset[str] = frozenset("""
    den det de dem dess där då samma denna detta dessa deras han hon hen honom henne hans hennes
    hens
    it they them that there those this these its their his her him he she same
""".split())

# Everyday question words and the words the reports use for the same thing (any form of each
# word; they are compared as terms). Derived forms the lemmatiser keeps apart (`delta` /
# `deltagare`) and a country and its adjective (`Norge` / `norska`) are listed too.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("pengar", "medel", "kronor", "belopp", "statsbidrag", "anslag", "budget", "budgetera"),
    ("kosta", "kostnad"),
    ("förbruka", "använda"),
    ("få", "tilldela", "bevilja", "erhålla", "fördela"),
    ("delta", "deltagare"),
    ("skriva", "författa"),
    ("leda", "ledare", "projektledare", "ledning"),
    ("betala", "återbetala"),
    ("Norge", "norsk"), ("Sverige", "svensk"), ("Danmark", "dansk"), ("Finland", "finsk"),
    ("Tyskland", "tysk"), ("England", "engelsk"), ("Storbritannien", "brittisk"),
    ("Kanada", "kanadensisk"), ("Europa", "europeisk"), ("Nederländerna", "nederländsk"),
)
