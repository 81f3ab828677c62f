"""Text rules: whole-word phrase matching, links and mentions."""

from moderation import rules


def test_phrase_rule_matches_whole_words_only():
    assert rules.matching_phrases("See the attached document, please", ["cum"]) == []
    assert rules.matching_phrases("cumbersome but fine", ["cum"]) == []
    assert rules.matching_phrases("look: CUM here", ["cum"]) == ["cum"]


def test_phrase_rule_ignores_case_and_spacing_between_words():
    assert rules.matching_phrases("Get CHEAP   watches now", ["cheap watches"]) == ["cheap watches"]
    assert rules.matching_phrases("cheap watchesX", ["cheap watches"]) == []


def test_phrase_rule_handles_punctuation_and_accents():
    assert rules.matching_phrases("koop nu!", ["koop nu"]) == ["koop nu"]
    assert rules.matching_phrases("het café is dicht", ["caf"]) == []
    assert rules.matching_phrases("c++ rocks", ["c++"]) == ["c++"]


def test_links_are_counted_once_each():
    text = "see https://a.example/x and http://b.example and www.c.example and https://a.example/x again"
    assert rules.count_links(text) == 3
    assert rules.count_links("no links here, just velora.nl in text") == 0


def test_mentions_skip_email_addresses():
    assert rules.count_mentions("thanks @emma and @Liam, mail me at me@example.com") == 2
    assert rules.count_mentions("@emma @emma") == 1


def test_wait_text_is_readable():
    assert rules.wait_text(45) == "45 seconds"
    assert rules.wait_text(119) == "2 minutes"
    assert rules.wait_text(3 * 3600 + 60) == "3 hours 1 minute"
