"""Topic files: a user adds a topic without code; a bad file names the topic and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.classify import Classifier, TopicFileError, load_topics, parse_topics


def test_the_packaged_topics_cover_nato_sanctions_and_foreign_business() -> None:
    topics = load_topics()
    assert topics.names == ("nato", "sanctions", "foreign_business")
    nato = topics.get("nato")
    assert nato.threshold <= nato.alert_threshold
    assert nato.severity in {"info", "warning", "critical"}
    languages = {t.language for name in topics.names for t in topics.get(name).terms}
    assert {"en", "ru", "uk", "de", "fr", "pl"} <= languages


def test_a_user_adds_a_topic_in_yaml_and_the_classifier_uses_it(tmp_path: Path) -> None:
    path = tmp_path / "topics.yaml"
    path.write_text(
        "topics:\n"
        "  grain_exports:\n"
        "    description: Grain corridor and grain export deals.\n"
        "    threshold: 0.4\n"
        "    terms:\n"
        "      en: {'grain corridor': 1.0, 'wheat export*': 0.8}\n"
        "      uk: ['зернов* коридор*']\n",
        encoding="utf-8",
    )
    topics = load_topics(path)
    assert topics.get("grain_exports").alert_threshold == 0.4
    assert topics.get("grain_exports").severity == "warning"
    matches = Classifier(topics).classify("Зерновий коридор відновлено", "", "", "uk")
    assert [m.name for m in matches] == ["grain_exports"]


def test_a_file_read_again_unchanged_shares_its_compiled_tables_and_an_edit_is_read(
    tmp_path: Path,
) -> None:
    path = _grain_file(tmp_path, "terms: {en: [wheat]}")
    first = load_topics(path)
    assert load_topics(path) is first
    assert Classifier(first)._frames is Classifier(load_topics(path))._frames
    # Same size, written at once: the edit is still read (the text is the key, not the mtime).
    _grain_file(tmp_path, "terms: {en: [maize]}")
    edited = load_topics(path)
    assert edited is not first
    assert [m.name for m in Classifier(edited).classify("Maize harvest", "", "", "en")] == ["grain"]
    assert Classifier(edited).classify("Wheat harvest", "", "", "en") == ()


def _topic(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {"description": "d", "terms": {"en": {"word": 1.0}}}
    base.update(fields)
    return {"topics": {"mine": base}}


def test_a_phrase_with_an_inner_star_matches_across_an_apostrophe(tmp_path: Path) -> None:
    # The searched text has its punctuation blanked ("l'OTAN" is searched as "l otan"): a
    # starred phrase must be split the same way, or it never matches (it did not).
    path = tmp_path / "topics.yaml"
    path.write_text(
        "topics:\n"
        "  alliance:\n"
        "    description: The alliance.\n"
        "    terms:\n"
        "      fr: {'otan': 1.0, \"ancien* responsable* de l'otan\": -2.0}\n",
        encoding="utf-8",
    )
    classifier = Classifier(load_topics(path))
    assert classifier.classify("L'OTAN se réunit", "", "", "fr")
    assert not classifier.classify("Un ancien responsable de l'OTAN parle", "", "", "fr")
    assert not classifier.classify("D'anciens responsables de l'OTAN parlent", "", "", "fr")


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        (_topic(threshold=1.5), ["'mine'", "'threshold'"]),
        (_topic(severity="loud"), ["'mine'", "'severity'"]),
        (_topic(terms={"en": {"wo*rd": 1.0}}), ["'mine'", "'terms'", "wo*rd"]),
        (_topic(terms={"english": {"word": 1.0}}), ["'mine'", "'terms'", "english"]),
        (_topic(terms={"en": {"word": 0}}), ["'mine'", "'terms'", "non-zero"]),
        (_topic(exclusions={"en": ["*"]}), ["'mine'", "'exclusions'"]),
        (_topic(threshold=0.6, alert_threshold=0.5), ["'mine'", "'alert_threshold'"]),
        (_topic(colour="red"), ["'mine'", "'colour'"]),
        (_topic(description=""), ["'mine'", "'description'"]),
    ],
)
def test_an_invalid_topic_names_the_topic_and_the_field(raw: object, named: list[str]) -> None:
    with pytest.raises(TopicFileError) as caught:
        parse_topics(raw, source="t.yaml")
    for part in named:
        assert part in str(caught.value)


def test_a_topic_name_that_cannot_name_a_kafka_topic_is_refused() -> None:
    raw = {"topics": {"Bad Name": {"description": "d", "terms": {"en": ["x"]}}}}
    with pytest.raises(TopicFileError, match=r"'Bad Name'.*'name'"):
        parse_topics(raw)


def test_unreadable_and_non_yaml_files_raise_topic_file_errors(tmp_path: Path) -> None:
    with pytest.raises(TopicFileError, match="cannot read"):
        load_topics(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("topics: [unclosed", encoding="utf-8")
    with pytest.raises(TopicFileError, match="not valid YAML"):
        load_topics(bad)


def test_a_key_written_twice_is_refused_with_its_name_and_line(tmp_path: Path) -> None:
    # YAML alone keeps the second list and drops the first's words without a word.
    path = _grain_file(tmp_path, "terms:", "  en: [wheat]", "  fr: [blé]", "  en: [maize]")
    with pytest.raises(TopicFileError, match=r"'en' is written twice(.|\n)*line 7"):
        load_topics(path)


def test_a_merged_mapping_may_be_overridden_by_its_own_keys(tmp_path: Path) -> None:
    path = _grain_file(
        tmp_path, "terms: &words {en: [wheat], fr: [blé]}", "context: {<<: *words, en: [harvest]}"
    )
    grain = load_topics(path).get("grain")
    assert {t.text for t in grain.context} == {"blé", "harvest"}


def _grain_file(tmp_path: Path, *lines: str) -> Path:
    """A topic file of one topic, "grain", with `lines` indented under it."""
    path = tmp_path / "topics.yaml"
    body = "".join(f"    {line}\n" for line in lines)
    path.write_text(f"topics:\n  grain:\n    description: d\n{body}", encoding="utf-8")
    return path
