"""Position holders read from the dependency parse, and the voices they give paragraphs no pattern attributed.

All sentences here are invented for the tests (people and events are fictional).
"""

from __future__ import annotations

import pytest

from analysis import syntax, voices


def holders(text: str) -> list[tuple[str, str]]:
    """(holder, trigger) pairs for one invented paragraph."""
    return [(h.span, h.trigger) for h in syntax.position_holders([text])[0]]


@pytest.mark.parametrize(("text", "expected"), [
    # the subject of an evaluative clause, no reporting verb
    ("Senate Democrats left the closed briefing visibly unnerved.", ("Senate Democrats", "unnerved")),
    ("Several House Republicans came out in support of the raid on Tuesday.", ("Several House Republicans", "support")),
    # coordinated subjects stay together
    ("Norway and Chile denounced the blockade within hours.", ("Norway and Chile", "denounced")),
    # the agent of a stand, not the grammatical subject
    ("The prisoner transfer drew sharp criticism from some Republicans.", ("some Republicans", "criticism")),
    ("The deployment was condemned by the opposition Labour party.", ("the opposition Labour party", "condemned")),
    # a relative pronoun stands for its noun
    ("It was a quiet week for the senators who voiced concern about the cost.", ("the senators", "voiced")),
    # an intent with what is intended
    ("Forty members of the House moved on Friday to challenge the order in court.", ("Forty members of the House", "moved")),
    # the object of a verb of feeling feels the stand
    ("The pause in deliveries angered and stunned several Senate Republicans.", ("several Senate Republicans", "stunned")),
    # "call" with what the thing is called; the relative clause's noun, not its apposition
    ("Its loudest critic is Rep. Ana Ruiz, D-Colo., who called the blockade “reckless” on Monday.",
     ("Rep. Ana Ruiz, D-Colo.", "called")),
    ("Two senators called for an immediate vote on the mission.", ("Two senators", "called")),
    # a stand the sentence's subject is expected to take, a split, and being behind something
    ("Few Democrats on the budget committee are expected to object.", ("Few Democrats", "object")),
    ("The blockade has split Senate Republicans.", ("Senate Republicans", "split")),
    ("Most Conservative backbenchers are firmly behind the deployment.", ("Most Conservative backbenchers", "behind")),
])
def test_finds_who_takes_the_stand(text: str, expected: tuple[str, str]) -> None:
    assert expected in holders(text)


@pytest.mark.parametrize("text", [
    "The House voted 301-120 in support of the resolution.",  # a chamber's vote is procedure
    "Despite misgivings about the cost, Congress moved toward granting the request.",  # conceded, and no intent clause
    "The convoy crossed the border as hundreds of villagers protested along the road.",  # a background clause
    "The valley lies in territory contested by two militias.",  # a participle describing a noun
    "Congress has tried before to block arms sales to the kingdom.",  # an attempt is history, not a stand
    "The drone was launched from a ship in the gulf.",  # no stand at all
    "The raid was widely condemned on Tuesday.",  # a passive subject is the target, not the holder
    "The Navy called the frigate back to port on Sunday.",  # a call that is no stand
])
def test_procedure_background_and_facts_have_no_holder(text: str) -> None:
    assert holders(text) == []


def test_a_position_without_a_reporting_verb_takes_its_holder_voice() -> None:
    paragraphs = [
        "The Navy seized the tanker before dawn on Monday, the Pentagon said.",
        "Senate Democrats were openly skeptical of the seizure.",
        "The tanker was towed to a port in the gulf.",
    ]
    table = voices.attribute_paragraphs(paragraphs, parse=True)
    assert table["voice"].tolist() == ["administration", "congress", "narration"]
    assert table.loc[1, "rule"] == "position"
    assert "Senate Democrats" in table.loc[1, "evidence"] and "parsed" in table.loc[1, "evidence"]
    # without the parse the paragraph has no attribution
    assert voices.attribute_paragraphs(paragraphs, parse=False)["voice"].tolist()[1] == "narration"


def test_only_a_legislators_parsed_stand_decides_but_every_holder_is_recorded() -> None:
    paragraphs = ["The Navy seized the tanker before dawn on Monday.",
                  "Oil traders were openly skeptical of the seizure."]
    table, holders = voices.attribute_with_holders(paragraphs)
    assert table["voice"].tolist() == ["narration", "narration"]
    assert holders == ["", "other"]  # the learned voice model still sees the traders' stand


def test_the_target_of_a_stand_is_not_its_holder() -> None:
    found = holders("The ministry faced pointed questions from opposition deputies about the cost.")
    assert ("opposition deputies", "questions") in found and all(h != "The ministry" for h, _ in found)


def test_a_holder_inside_a_quotation_does_not_speak() -> None:
    paragraphs = ["The ministry's statement ended: “Our critics in parliament have denounced every step we took.”"]
    table = voices.attribute_paragraphs(paragraphs, parse=True)
    assert table.loc[0, "rule"] != "position"


def test_the_parser_loads_once() -> None:
    assert syntax.load_parser() is syntax.load_parser()
    assert "ner" not in syntax.load_parser().pipe_names


def test_parsing_new_words_leaves_the_pipelines_vocabulary_as_it_was():
    """A corpus run meets new names and numbers in every article; the parser must not keep them all."""
    nlp = syntax.load_parser()
    syntax.position_holders(["Senators criticised the plan."])  # the pipeline's own first-use entries
    before = len(nlp.vocab.strings)
    found = syntax.position_holders([f"Senator Quorvianne Blatherwick{i} of Zentharia criticised the {i}7391 plan."
                                     for i in range(20)])
    assert len(nlp.vocab.strings) == before
    # the holders outlive the parse as plain text
    assert found[3] == [syntax.Holder("Senator Quorvianne Blatherwick3 of Zentharia", 0, "criticised")]
