"""Words that say little about what a text is about: stopwords, too common in postings and resumes
to show that two texts agree, and light words, which carry a requirement's grammar more than its
meaning and weigh a quarter of a word.

A library module (not a plugin), part of how the first-party steps compare texts
(:mod:`prepflow_plugins.text.terms`).
"""

from __future__ import annotations

from prepflow_plugins.text.stemmer import stem

# Words too common in postings and resumes to show that two texts agree.
_STOPWORDS = """
    a about above across after again against all also am an and any are as at be been before being
    below between both but by can could did do does doing done down during each either etc few for
    from further had has have having he her here hers him his how i if in into is it its itself just
    me more most my no nor not of off on once only or other our ours out over own same she should so
    some such than that the their theirs them then there these they this those through to too under
    until up upon very was we were what when where which while who whom why will with within without
    would you your yours per via eg e.g ie i.e us
    ability able abilities experience experienced experiences year years yr yrs month months strong
    excellent good great solid proven demonstrated demonstrable knowledge skill skills work working
    worked including include includes included related relevant field equivalent understanding
    familiarity familiar proficiency proficient must required requirement requirements preferred
    plus nice bonus candidate candidates role position job applicant applicants minimum least level
    new well highly high using use used various variety other others etc like professional similar
    one two three four five six seven eight nine ten several multiple many across within part
    orientation fluency expertise competency competencies competence capability capabilities aptitude
    effectively effective successfully demonstrate demonstrates comfortable comfort expect expected
    addition following areas area disciplines discipline based right
    modern overall general range wide broad absolute absolutely commitment committed passion passionate
    genuine genuinely always truly keen eager
"""
STOPWORDS = frozenset(_STOPWORDS.split())

# Light verbs, and the nouns every posting uses: they carry a requirement's grammar more than its
# meaning ("Developing reports", "Providing guidance"), so they weigh a quarter of a word.
_LIGHT = """
    develop create provide use perform support ensure help make conduct serve apply deliver build
    manage work handle assist maintain participate contribute do get take give keep run set delivery
    data set sets information product products service services project projects team teams
    solution solutions tool tools system systems process processes practice practices
    technology technologies engage execute methodology methodologies method methods approach approaches
    diverse base
"""
#: The stems of the light words: a term with one weighs ``LIGHT_WEIGHT`` (:mod:`prepflow_plugins.text.terms`).
LIGHT_STEMS = frozenset(stem(w) for w in _LIGHT.split())
