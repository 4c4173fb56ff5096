"""NATO stories told by several outlets whose copies sit on DIFFERENT raw partitions, so that
in a group of workers different workers read them: what the group must still group into one
story with one alert per topic and kind, as one worker would."""

from __future__ import annotations

import random
from dataclasses import dataclass

from aiokafka.partitioner import DefaultPartitioner

from newsmon.contract import Article
from streams.dedupe.fingerprint import fingerprint
from streams.pipeline import dedupe_text
from tests.support.articles import article

# Made-up syllables: two stories drawn from them share few shingles (the template's), while the
# copies of one story differ by a single word and share nearly all. Few is not none: about one
# site in ten drew two of 60 stories that share a MinHash band key, which the worker rightly
# takes for one story; `spread_stories` draws such a story again.
_SYLLABLES = ("bo", "cra", "dim", "fex", "gul", "hap", "jor", "kev", "lun", "mop", "nif", "pud")
_VERBS = ("discuss", "debate", "weigh", "review")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(3))


@dataclass(frozen=True)
class Story:
    copies: tuple[Article, ...]


def raw_partition(item: Article, partitions: int) -> int:
    """The raw partition a producer's default partitioner gives `item` (keyed by its id)."""
    every = list(range(partitions))
    return int(DefaultPartitioner()(item.key(), every, every))


def spread_stories(site: str, count: int, copies: int, partitions: int) -> list[Story]:
    """`count` stories of `copies` articles each; the copies of a story are on distinct raw
    partitions (as far as `partitions` allows), each on an outlet (feed host) of its own."""
    rng = random.Random(site)
    stories: list[Story] = []
    taken: set[str] = set()  # the band keys of the stories so far
    n = 0
    while len(stories) < count:
        n += 1
        place, subject = _word(rng), " ".join(_word(rng) for _ in range(3))
        title = f"NATO allies meet in {place} on {subject}"
        words = " ".join(_word(rng) for _ in range(40))
        made: list[Article] = []
        used: set[int] = set()
        attempt = 0
        while len(made) < copies:
            attempt += 1
            verb = _VERBS[len(made) % len(_VERBS)]  # one word differs: a near duplicate
            body = (f"NATO defence ministers gathered in {place} said the alliance will {verb} "
                    f"{words}, the NATO secretary general said.")  # fmt: skip
            outlet = f"outlet{len(made)}.{site}"
            candidate = article(f"https://{outlet}/story/{n}/{attempt}", title, body,
                                feed=f"https://{outlet}/rss")  # fmt: skip
            partition = raw_partition(candidate, partitions)
            if partition in used and len(used) < partitions:
                continue
            used.add(partition)
            made.append(candidate)
        prints = [set(fingerprint(dedupe_text(copy)).band_keys) for copy in made]
        keys = set().union(*prints)
        if keys & taken or not all(prints[0] & other for other in prints[1:]):
            continue  # near another story, or copies apart, by chance: draw another
        taken |= keys
        stories.append(Story(tuple(made)))
    return stories


def shuffled_copies(stories: list[Story], seed: int) -> list[Article]:
    """Every copy of every story, interleaved (a story's copies arrive among others')."""
    items = [copy for story in stories for copy in story.copies]
    random.Random(seed).shuffle(items)
    return items
