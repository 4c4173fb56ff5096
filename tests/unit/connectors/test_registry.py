"""Feed list: definitions on the wire, merging with the configuration, OPML, partitioning."""

from __future__ import annotations

import pytest
from aiokafka.partitioner import DefaultPartitioner

from connectors.opml import OpmlError, parse_opml
from connectors.registry import FeedDefinition, merge, partition_for
from connectors.settings import FeedConfig

OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>exported by a reader</title></head>
  <body>
    <outline text="World">
      <outline type="rss" text="Wire One" xmlUrl="https://one.example.test/rss"/>
      <outline type="rss" title="Wire Two" text="ignored" xmlUrl="http://two.example.test/atom"/>
    </outline>
    <outline type="rss" text="Duplicate" xmlUrl="https://one.example.test/rss"/>
    <outline type="link" text="A web page, not a feed" url="javascript:alert(1)"/>
    <outline type="rss" xmlurl="https://three.example.test/feed"/>
  </body>
</opml>"""


def test_opml_folders_are_flattened_and_repeats_dropped() -> None:
    assert parse_opml(OPML) == [
        ("https://one.example.test/rss", "Wire One"),
        ("http://two.example.test/atom", "Wire Two"),
        ("https://three.example.test/feed", None),
    ]


def test_a_document_that_is_not_opml_is_refused() -> None:
    with pytest.raises(OpmlError, match="not <opml>"):
        parse_opml(b"<rss version='2.0'><channel/></rss>")


def test_malformed_xml_is_refused() -> None:
    with pytest.raises(OpmlError, match="not readable"):
        parse_opml(b"<opml><body>")


def test_entity_expansion_bombs_are_refused() -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">
    <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><opml><body>&b;</body></opml>"""
    with pytest.raises(OpmlError):
        parse_opml(bomb)


def test_a_definition_survives_its_round_trip_through_json() -> None:
    feed = FeedDefinition("https://one.example.test/rss", "Wire One")
    assert FeedDefinition.from_json(feed.to_json()) == feed


def test_a_definition_without_an_http_url_is_refused() -> None:
    with pytest.raises(ValueError, match="http"):
        FeedDefinition.from_json(b'{"url": "file:///etc/passwd"}')


def test_configured_feeds_come_first_and_topic_names_win() -> None:
    configured = [
        FeedConfig(url="https://a.test/rss", name="A"),
        FeedConfig(url="https://b.test/rss"),
    ]
    registered = [FeedDefinition("https://b.test/rss", "B"), FeedDefinition("https://c.test/rss")]
    merged = merge(configured, registered)
    assert list(merged) == ["https://a.test/rss", "https://b.test/rss", "https://c.test/rss"]
    assert merged["https://b.test/rss"] == FeedDefinition("https://b.test/rss", "B", "config")
    assert merged["https://c.test/rss"].source == "topic"


def test_feeds_are_partitioned_as_the_producer_partitions_their_keys() -> None:
    partitions = [0, 1, 2, 3, 4]
    for n in range(200):
        url = f"https://feeds.test/{n}"
        expected = DefaultPartitioner()(url.encode(), partitions, partitions)
        assert partition_for(url, len(partitions)) == expected
    assert {partition_for(f"https://feeds.test/{n}", 3) for n in range(50)} == {0, 1, 2}
