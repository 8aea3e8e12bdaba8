"""The learned voice decision, official sources, known office holders and their lexicon errors.

Paragraphs here are invented for the tests; the real development set is read where it lies
(../shared/dev), never copied.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import article, voice_model, voices
from analysis.cli import run
from analysis.codebook import VOICES
from analysis.errors import FramingError, InputError
from analysis.paths import REPO_DIR
from tests.conftest import SEED_EXPECTED

DEV = REPO_DIR.parent / "shared" / "dev" / "real_articles.jsonl"
needs_dev = pytest.mark.skipif(not DEV.is_file(), reason="../shared/dev is not beside this checkout")


def one_article(paragraphs: list[str], **source) -> pd.DataFrame:
    """Rule attribution of one invented article with an optional source (url, outlet, title, date)."""
    return voices.attribute_paragraphs(paragraphs, voices.load_lexicon(), voices.Source(**source) if source else None)


# --- the learned path --------------------------------------------------------------------------


def test_learned_path_on_the_seed_with_probabilities(seed_path: Path) -> None:
    art = article.read_article(seed_path)
    table = voice_model.attribute(article.paragraph_table([art]), sources=voices.sources_of([art]))
    assert voice_model.DEFAULT_METHOD == "learned"
    gold = [v for v, _, _ in SEED_EXPECTED]
    assert table["voice"].tolist() == gold and table["rule_voice"].tolist() == gold
    # "Trump tweeted ...": a reporting verb whose subject is an office holder keeps the rules' voice
    assert table.loc[6, "voice"] == "administration" and table.loc[6, "p_administration"] == 1.0
    probs = table[voice_model.VOICE_PROBS].to_numpy()
    assert np.allclose(probs.sum(axis=1), 1.0)
    # the chosen voice is the most probable one, and every decision still says why
    assert [VOICES[k] for k in probs.argmax(axis=1)] == table["voice"].tolist()
    assert (table["evidence"] != "").all() and (table["rule"] != "").all()
    changed = table["voice"] != table["rule_voice"]
    assert table.loc[changed, "evidence"].str.startswith("voice model:").all()


def test_scoring_shares_the_classifier_s_frozen_layers_with_the_voice_model(seed_path: Path) -> None:
    from analysis import classify

    art = article.read_article(seed_path)
    table = article.paragraph_table([art])
    clf = classify.get_classifier("embedded", None, "fp32")
    shared = voice_model.shared_encoder(clf)
    assert shared is not None and shared.model is clf.bottom  # the same layers, not a second copy
    kept: dict = {}
    att = voice_model.attribute(table, sources=voices.sources_of([art]), encoder=shared, keep=kept)
    # the voices and the voice probabilities do not depend on whose copy of the layers computed them
    alone = voice_model.attribute(table, sources=voices.sources_of([art]), precision="fp32")
    assert att["voice"].tolist() == alone["voice"].tolist()
    assert np.allclose(att[voice_model.VOICE_PROBS], alone[voice_model.VOICE_PROBS], atol=1e-6)
    # one kept state per paragraph, read as the classifier reads it (the rules' voice in front)
    texts, used = att["text"].tolist(), att["voice"].tolist()
    assert set(kept) == {classify.format_input(t, v) for t, v in zip(texts, att["rule_voice"], strict=True)}
    # a paragraph whose voice the model changed is not in the cache: it is computed afresh
    used[0] = "foreign" if used[0] != "foreign" else "other"
    with_states = clf.predict(texts, used, states=kept)
    assert np.allclose(with_states.to_numpy(), clf.predict(texts, used).to_numpy(), atol=1e-5)
    # and a kept state is what the classifier reads (a blanked one changes that paragraph only)
    key = classify.format_input(texts[1], used[1])
    blanked = clf.predict(texts, used, states={**kept, key: kept[key] * 0})
    moved = np.abs(blanked.to_numpy() - with_states.to_numpy()).max(axis=1) > 1e-3
    assert moved.tolist() == [i == 1 for i in range(len(texts))]
    assert voice_model.shared_encoder(object()) is None


def test_rules_method_gives_one_hot_probabilities(seed_path: Path) -> None:
    table = voice_model.attribute(article.paragraph_table([article.read_article(seed_path)]), method="rules")
    assert table["voice"].tolist() == [v for v, _, _ in SEED_EXPECTED]
    assert (table["voice"] == table["rule_voice"]).all()
    assert set(np.unique(table[voice_model.VOICE_PROBS].to_numpy())) == {0.0, 1.0}


def test_unknown_method_and_bad_model_file(tmp_path: Path) -> None:
    with pytest.raises(FramingError, match="unknown voice method"):
        voice_model.attribute(pd.DataFrame(columns=article.PARAGRAPH_COLUMNS), method="oracle")
    bad = tmp_path / "voice.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(FramingError, match="not valid JSON"):
        voice_model.load(bad)


def test_fit_learns_from_features_and_round_trips(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    gold = np.array(VOICES * 40)
    X = pd.DataFrame({"signal": [VOICES.index(v) for v in gold] + rng.normal(0, 0.1, len(gold)),
                      **{f"onehot:{v}": (gold == v).astype(float) for v in VOICES}, "noise": rng.normal(size=len(gold))})
    model = voice_model.fit(X, gold, C=1.0)
    assert (np.array(VOICES)[model.predict_proba(X).argmax(axis=1)] == gold).mean() == 1.0
    path = voice_model.save(model, tmp_path / "v.json")
    again = voice_model.load(path)
    assert np.allclose(again.predict_proba(X), model.predict_proba(X), atol=1e-5)


def test_cli_voices_rules_and_bad_method(seed_path: Path, capsys) -> None:
    assert run(["voices", str(seed_path), "--voices", "learned"]) == 0
    assert "p_narration" in capsys.readouterr().out.splitlines()[0]
    assert run(["voices", str(seed_path), "--voices", "oracle"]) == 2
    assert "--voices must be one of" in capsys.readouterr().err


def test_cli_default_voice_method_is_the_library_default() -> None:
    import inspect

    from analysis import cli

    for command in (cli.voices, cli.score, cli.run_corpus):
        assert inspect.signature(command).parameters["voice_method"].default == voice_model.DEFAULT_METHOD


@needs_dev
def test_shipped_model_retrains_to_the_same_decisions() -> None:
    shipped = voice_model.load()
    data = voice_model.read_labelled([REPO_DIR / "data" / "train", DEV])
    assert shipped.info["data_sha256"] == voice_model.data_sha256(data.table), "training data changed: retrain"
    retrained = voice_model.train(data)
    _, X = voice_model.features(data.table, voices.load_lexicon(), data.sources)
    same = (shipped.predict_proba(X).argmax(axis=1) == retrained.predict_proba(X).argmax(axis=1)).mean()
    assert same >= 0.995
    assert np.allclose(shipped.coef, retrained.coef, atol=1e-3)


# --- official sources ---------------------------------------------------------------------------

RELEASE = [
    "Today the committee met to review the strike on the depot.",
    "We will hold hearings next week and we expect full answers from the administration.",
    "The strike raised questions that the White House has not answered.",
]


def test_official_text_of_a_known_issuer_takes_its_voice() -> None:
    table = one_article(RELEASE, url="https://www.armedservices.house.gov/press/x", title="Statement on the depot strike")
    assert table["voice"].tolist() == ["congress"] * 3
    assert set(table["rule"]) == {"official"} and "house.gov" in table.loc[0, "evidence"]


def test_foreign_issuer_is_foreign_and_a_repost_is_not_official() -> None:
    paras = ["Washington's decision to strike the depot was a mistake, the Foreign Secretary said today.",
             "We regret it and we call for restraint from every side."]
    uk = one_article(paras, url="https://www.gov.uk/government/speeches/x", title="Foreign Secretary statement on the strike")
    assert uk["voice"].tolist() == ["foreign", "foreign"]
    repost = ["President Ada Quill on Tuesday asked Congress to approve the mission.",
              "The request would limit the mission to two years."]
    news = one_article(repost, url="https://member.house.gov/news/in-the-news/x", title="President asks Congress to approve mission")
    assert "official" not in set(news["rule"])


def test_a_parliamentary_record_is_about_its_own_country_and_a_ministerial_statement_is_the_government() -> None:
    statement = ["I rise to inform the House about the deployment of our aircraft to the Gulf.",
                 "Our crews will fly under the coalition's command and we will review the mission in six months.",
                 "No government takes such a decision lightly."]
    table = one_article(statement, url="https://www.openaustralia.org.au/debates/?id=2031-05-04.12.1",
                        title="House debates, 4 May 2031: Ministerial Statements, Gulf deployment")
    assert table["voice"].tolist() == ["administration"] * 3
    debate = one_article(statement, url="https://www.openaustralia.org.au/debates/?id=2031-05-04.12.1",
                         title="House debates, 4 May 2031: Gulf deployment")
    assert debate["voice"].tolist() == ["congress"] * 3  # a member's speech, not the government's


def test_first_person_remarks_without_a_known_domain() -> None:
    remarks = ["KABUL — Gen. Ivo Brandt delivers remarks on the strike.",
               "Last night our forces struck a tunnel complex used by the enemy.",
               "We took every precaution to protect civilians.",
               "This was the right weapon against the right target."]
    table = one_article(remarks, url="https://example.org/x", title="Gen. Brandt delivers remarks on the strike")
    assert table["voice"].tolist() == ["administration"] * 4


def test_mixed_case_transcript_labels() -> None:
    table = one_article(["Representative ADA MILLS (Democrat, Ohio): I will vote against this resolution.",
                         "Gen. Brandt: We struck the complex at night."])
    assert table["voice"].tolist() == ["congress", "administration"]
    assert set(table["rule"]) == {"label"}


def test_bad_source_and_person_entries_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "src.toml"
    bad.write_text('[source]\n"mod.xx" = { country = "Atlantis", branch = "executive" }\n', encoding="utf-8")
    with pytest.raises(InputError, match="unknown country 'Atlantis'") as err:
        voices.load_lexicon(bad)
    assert str(bad) in str(err.value)
    bad.write_text('[source]\n"mod.xx" = { country = "France", branch = "palace" }\n', encoding="utf-8")
    with pytest.raises(InputError, match="unknown branch"):
        voices.load_lexicon(bad)
    bad.write_text('[[person]]\nname = "A B"\ncountry = "Atlantis"\nbranch = "executive"\nrole = "King"\n'
                   'from = 2001-01-01\nto = 2002-01-01\n', encoding="utf-8")
    with pytest.raises(InputError, match="unknown country 'Atlantis'"):
        voices.load_lexicon(bad)
    bad.write_text('[[person]]\nname = "A B"\ncountry = "France"\nbranch = "executive"\nrole = "King"\n'
                   'from = 2003-01-01\nto = 2002-01-01\n', encoding="utf-8")
    with pytest.raises(InputError, match="from before to"):
        voices.load_lexicon(bad)


# --- known office holders, by the article's date --------------------------------------------------


def test_known_people_by_date(tmp_path: Path) -> None:
    people = tmp_path / "people.toml"
    people.write_text(
        '[[person]]\nname = "Ada Quill"\nalso = ["Quill"]\ncountry = "United States"\nbranch = "executive"\n'
        'role = "President"\nfrom = 2009-01-20\nto = 2017-01-20\n'
        '[[person]]\nname = "Jean Marlow"\nalso = ["Marlow"]\ncountry = "France"\nbranch = "executive"\n'
        'role = "President"\nfrom = 2017-05-14\nto = 2099-12-31\n', encoding="utf-8")
    lexicon = voices.load_lexicon(people)
    paras = ["Ada Quill said the strike on the depot was a grave error.",
             "President Jean Marlow said France regretted the decision."]

    def voices_at(day: str) -> list[str]:
        return voices.attribute_paragraphs(paras, lexicon, voices.Source(date=day))["voice"].tolist()

    assert voices_at("2018-06-01") == ["other", "foreign"]  # a former president; a foreign one despite the generic title
    assert voices_at("2012-06-01")[0] == "administration"  # in office then


def test_an_undated_article_takes_its_date_from_the_url_or_believes_its_own_titles(tmp_path: Path) -> None:
    people = tmp_path / "people.toml"
    people.write_text(
        '[[person]]\nname = "Nora Vidal"\nalso = ["Vidal"]\ncountry = "United States"\nbranch = "legislature"\n'
        'role = "Senator"\nfrom = 2011-01-03\nto = 2025-01-20\n'
        '[[person]]\nname = "Nora Vidal"\nalso = ["Vidal"]\ncountry = "United States"\nbranch = "executive"\n'
        'role = "Secretary of State"\nfrom = 2025-01-21\nto = 2099-12-31\n', encoding="utf-8")
    lexicon = voices.load_lexicon(people)
    paras = ["Sen. Nora Vidal, the senior Republican on the Intelligence Committee, faulted the delay.",
             "“We waited a week to act on something we saw on day one,” Vidal said."]

    def voices_for(**source) -> list[str]:
        return voices.attribute_paragraphs(paras, lexicon, voices.Source(**source))["voice"].tolist()

    assert voices.url_date("https://news.example/politics/2023/02/05/balloon-debate/") == voices.Source(
        url="https://news.example/politics/2023/02/05/balloon-debate/").when()
    assert voices.url_date("https://news.example/2017/06/story") == pd.Timestamp("2017-06-01").date()
    assert voices.url_date("https://news.example/2017/13/story") is None  # no month 13
    assert voices.url_date("https://news.example/story-2017") is None
    # no date anywhere: the article's own "Sen." beats the table's latest period (Secretary of State)
    assert voices_for(url="https://news.example/balloon-debate") == ["congress", "congress"]
    # no title in the article: the URL files the page in 2023, when the table has her in the Senate
    untitled = ["Nora Vidal faulted the delay.", paras[1]]
    dated_by_url = voices.Source(url="https://news.example/2023/02/05/balloon-debate/")
    assert voices.attribute_paragraphs(untitled, lexicon, dated_by_url)["voice"].tolist() == ["congress", "congress"]
    assert voices.attribute_paragraphs(untitled, lexicon, voices.Source())["voice"][1] == "administration"
    # a dated article: the table knows who held which office then
    assert voices_for(date="2025-06-01")[1] == "administration"


def test_the_model_overrules_the_rules_only_by_a_margin() -> None:
    attributed = pd.DataFrame({"voice": ["narration", "narration"], "evidence": ["no attribution"] * 2})
    close = [0.0, 0.5, 0.0, 0.0, 0.5 - voice_model.OVERRIDE_MARGIN / 2]  # congress ahead, by less than the margin
    clear = [0.0, 0.6, 0.0, 0.0, 0.6 - voice_model.OVERRIDE_MARGIN * 2]
    out = voice_model.decide(attributed, np.array([close, clear]))
    assert out["voice"].tolist() == ["narration", "congress"]
    assert out["rule_voice"].tolist() == ["narration", "narration"]
    assert "voice model: congress" in out["evidence"][1] and out["evidence"][0] == "no attribution"


def test_an_official_text_s_issuer_and_an_office_holder_s_statement_stand_over_the_model() -> None:
    attributed = pd.DataFrame({"voice": ["foreign", "administration", "narration"],
                               "rule": ["official", "cue", "none"], "evidence": ["official text"] * 3})
    feats = pd.DataFrame({voice_model.ANCHOR: [0.0, 1.0, 0.0]})
    anchored = voice_model.anchored_rows(attributed, feats)
    assert anchored.tolist() == [True, True, False]
    sure = [0.9, 0.0, 0.1, 0.0, 0.0]  # the model is sure of 'administration' on every row
    out = voice_model.decide(attributed, np.array([sure] * 3), anchored)
    assert out["voice"].tolist() == ["foreign", "administration", "administration"]
    assert out.loc[0, "p_foreign"] == 1.0  # an anchored row reports the rules' answer
