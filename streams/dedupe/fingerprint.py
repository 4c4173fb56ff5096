"""Fingerprints of an article's text: an exact content hash and MinHash LSH band keys.

Text is reduced to words (case folded, letters and digits only), then to overlapping word
shingles. MinHash (NUM_BANDS x ROWS signatures by multiply-shift hashing, vectorised with
numpy) estimates Jaccard similarity of shingle sets; LSH banding turns it into a few keys:
two texts share at least one band key with probability 1 - (1 - J^ROWS)^NUM_BANDS, i.e.
~0.93 at J=0.7, ~0.55 at J=0.5 and ~0.05 at J=0.25.

Hashes are stable across processes (the keys live in a table that outlives the worker): each
distinct word is hashed once with BLAKE2b (and remembered, news vocabulary repeats), shingle
hashes are mixed from their words' hashes with numpy, never per shingle in Python, and the ten
band hashes are plain integer arithmetic. That keeps a fingerprint at ~25 µs for a typical feed
item (~520 characters, ~85 words; it was ~59 µs before words were split by a byte table for
ASCII text and numpy calls on tiny arrays were dropped, ~33 µs before word hashes were kept in
native byte order, looked up by `map` and mixed into shingles by one `np.correlate`; keys
unchanged, see tests/unit/streams/dedupe/test_dedupe.py).
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# Bumped whenever the band keys of a text change (words, shingles, seeds, hashing): band keys
# stored under another version are never matched against new ones (`DedupeIndex`).
FINGERPRINT_VERSION = 2
NUM_BANDS = 10
ROWS = 4
SHINGLE_WORDS = 3
MIN_WORDS = 8  # texts shorter than this get no near-duplicate keys (too little signal)
# Only the opening words are shingled: copies of one story share their title and lead, and the
# cost of MinHash grows with the number of shingles (a long body would cost ~100 µs more).
MAX_WORDS = 300
_WORD = re.compile(r"\w+")
_WORD_CACHE_MAX = 200_000  # distinct words remembered; cleared when full (memory bound)
_MASK64 = (1 << 64) - 1
# The non-ASCII punctuation that keeps most English news text from being pure ASCII (quotes,
# dashes, ellipsis, no-break space): none is a word character, so blanking it changes no word.
_COMMON_NON_ASCII_PUNCTUATION = "\u2019\u2018\u201c\u201d\u2014\u2013\u2026\u00ab\u00bb\u00a0"
# ASCII byte -> itself lower-cased if it is a word character (\w: letter, digit, "_"), else a
# space. Casefolding ASCII is lower-casing, so this table and a split give `\w+` of the casefold.
_ASCII_WORD_BYTES = (
    bytes(ord(c.lower()) if c.isalnum() or c == "_" else ord(" ") for c in map(chr, range(128)))
    + b" " * 128
)


def _seed_values(count: int, label: bytes) -> list[int]:
    # Odd 64-bit multipliers/offsets derived from a fixed label: the same in every process.
    return [
        int.from_bytes(hashlib.blake2b(label + i.to_bytes(4, "big"), digest_size=8).digest()) | 1
        for i in range(count)
    ]


def _seeds(count: int, label: bytes) -> np.ndarray:
    return np.array(_seed_values(count, label), dtype=np.uint64)


# MinHash parameters as columns: the (NUM_BANDS*ROWS, shingles) product is reduced along its
# contiguous last axis.
_A = _seeds(NUM_BANDS * ROWS, b"newsmon-minhash-a")[:, None]
_B = _seeds(NUM_BANDS * ROWS, b"newsmon-minhash-b")[:, None]
_SHINGLE = _seeds(SHINGLE_WORDS, b"newsmon-shingle")  # one multiplier per word position
_ROW_MULTIPLIERS = _seed_values(ROWS, b"newsmon-band-rows")
_BAND_SALTS = _seed_values(NUM_BANDS, b"newsmon-band-salts")
_BAND_PREFIXES = [f"{band}:" for band in range(NUM_BANDS)]
_UPPER_32 = np.uint64(32)
# word -> its 8-byte BLAKE2b digest read as a big-endian number, stored in this machine's byte
# order, so that the joined digests of a text are a uint64 array as they are (no conversion).
_word_hashes: dict[str, bytes] = {}
_NATIVE_IS_BIG = sys.byteorder == "big"


@dataclass(frozen=True, slots=True)
class Fingerprint:
    content_hash: str
    band_keys: tuple[str, ...]


def words_of(text: str) -> list[str]:
    """`\\w+` runs of the casefolded text. Text that is ASCII once common typographic
    punctuation is blanked (most English news) is split by a byte table instead of the regex,
    at a third of its cost."""
    if not text.isascii():
        for mark in _COMMON_NON_ASCII_PUNCTUATION:
            if mark in text:
                text = text.replace(mark, " ")
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_WORD_BYTES).decode("ascii").split()
    return _WORD.findall(text.casefold())


def _hash_word(word: str) -> bytes:
    if len(_word_hashes) >= _WORD_CACHE_MAX:
        _word_hashes.clear()
    digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
    native = digest if _NATIVE_IS_BIG else digest[::-1]
    _word_hashes[word] = native
    return native


def _word_digests(words: list[str]) -> bytes:
    """The words' cached hashes, joined (in native byte order: see `_word_hashes`)."""
    found = list(map(_word_hashes.get, words))  # one C-level pass; misses are rare
    if None in found:
        found = [digest or _hash_word(word) for word, digest in zip(words, found, strict=True)]
    return b"".join(found)  # type: ignore[arg-type]  # no None left


def _shingle_hashes(words: list[str]) -> np.ndarray:
    """One hash per shingle: the position-weighted sum (mod 2^64) of its words' hashes."""
    per_word = np.frombuffer(_word_digests(words), dtype=np.uint64)
    if len(per_word) < SHINGLE_WORDS:  # a text shorter than a shingle is one shingle
        per_word = np.concatenate([per_word, np.zeros(SHINGLE_WORDS - len(words), np.uint64)])
    # Position-dependent multipliers: "a b c" and "c b a" are different shingles. The sliding
    # sum of products is one `correlate` (`valid`: one value per full window, and per_word is
    # never shorter than the multipliers, so numpy does not swap them); unsigned integer
    # arithmetic wraps silently, which is the mod 2^64 wanted here.
    combined: np.ndarray = np.correlate(per_word, _SHINGLE, "valid")
    # Word hashes are uniform, so their weighted sum is too: no extra mixing before MinHash.
    return combined


def minhash(words: list[str]) -> np.ndarray:
    """NUM_BANDS*ROWS minimum hash values (upper 32 bits of a*h + b mod 2^64) of the shingles."""
    products = _A * _shingle_hashes(words)[None, :]
    products += _B
    # Taking the upper 32 bits is monotonic, so it commutes with the minimum: shift 40 values,
    # not the whole matrix.
    result: np.ndarray = products.min(axis=1) >> _UPPER_32
    return result


def _band_hashes(signature: list[int]) -> list[int]:
    """One 48-bit hash per band of a NUM_BANDS*ROWS signature: the band's rows folded with
    multipliers, salted by band, then SplitMix64's finaliser (spreads every input bit over the
    whole word). Plain integers, spelled out: ten small values cost less than numpy calls."""
    m0, m1, m2, m3 = _ROW_MULTIPLIERS
    hashes = []
    for band, salt in enumerate(_BAND_SALTS):
        r0, r1, r2, r3 = signature[band * ROWS : band * ROWS + ROWS]
        value = (r0 * m0 + r1 * m1 + r2 * m2 + r3 * m3 + salt) & _MASK64
        value ^= value >> 30
        value = (value * 0xBF58476D1CE4E5B9) & _MASK64
        value ^= value >> 27
        value = (value * 0x94D049BB133111EB) & _MASK64
        value ^= value >> 31
        hashes.append(value >> 16)
    return hashes


def fingerprint(text: str) -> Fingerprint:
    """Content hash of the normalised words, and LSH band keys (none for very short texts)."""
    words = words_of(text)
    content_hash = hashlib.blake2b(" ".join(words).encode(), digest_size=12).hexdigest()
    if len(words) < MIN_WORDS:
        return Fingerprint(content_hash, ())
    hashes = _band_hashes(minhash(words[:MAX_WORDS]).tolist())
    keys = tuple(
        [f"{prefix}{value:012x}" for prefix, value in zip(_BAND_PREFIXES, hashes, strict=True)]
    )
    return Fingerprint(content_hash, keys)


# The band hashing of `_band_hashes` as uint64 arrays, for a batch's signatures at once.
_ROW_MULTIPLIER_ARRAY = np.array(_ROW_MULTIPLIERS, dtype=np.uint64)
_BAND_SALT_ARRAY = np.array(_BAND_SALTS, dtype=np.uint64)[None, :]
_MIX_1, _MIX_2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_SHIFTS = {bits: np.uint64(bits) for bits in (16, 27, 30, 31)}


def _band_hashes_many(signatures: np.ndarray) -> list[list[int]]:
    """`_band_hashes` of each row of a (texts, NUM_BANDS*ROWS) uint64 array: the same numbers
    (uint64 arithmetic wraps as the masked integers do), a few numpy calls for the batch."""
    rows = signatures.reshape(len(signatures), NUM_BANDS, ROWS) * _ROW_MULTIPLIER_ARRAY
    value = rows.sum(axis=2, dtype=np.uint64) + _BAND_SALT_ARRAY
    value ^= value >> _SHIFTS[30]
    value *= _MIX_1
    value ^= value >> _SHIFTS[27]
    value *= _MIX_2
    value ^= value >> _SHIFTS[31]
    value >>= _SHIFTS[16]
    hashes: list[list[int]] = value.tolist()
    return hashes


def fingerprints(texts: Sequence[str]) -> list[Fingerprint]:
    """`[fingerprint(t) for t in texts]`, the same fingerprints, the MinHash of every text and
    the band hashing done for the whole batch in one go: numpy's cost per call, not the
    arithmetic, is most of a single fingerprint's."""
    words = [words_of(text) for text in texts]
    hashes = [hashlib.blake2b(" ".join(w).encode(), digest_size=12).hexdigest() for w in words]
    keyed = [n for n, w in enumerate(words) if len(w) >= MIN_WORDS]
    keys: list[tuple[str, ...]] = [()] * len(texts)
    if keyed:
        # Every text's words end to end: one digest lookup, one `correlate` for all shingles,
        # then the windows that straddle two texts are dropped.
        opening = [words[n][:MAX_WORDS] for n in keyed]
        per_word = np.frombuffer(_word_digests([w for ws in opening for w in ws]), np.uint64)
        combined = np.correlate(per_word, _SHINGLE, "valid")
        counts = [len(ws) - SHINGLE_WORDS + 1 for ws in opening]  # >= 1: MIN_WORDS > 3
        ends = np.cumsum([len(ws) for ws in opening])
        straddling = (ends[:-1, None] - np.arange(1, SHINGLE_WORDS)).ravel()
        inside = np.ones(len(combined), dtype=np.bool_)
        inside[straddling] = False
        starts = np.cumsum([0, *counts[:-1]])
        products = _A * combined[inside][None, :]
        products += _B
        # Each text's minimum over its own shingles (every text has at least one).
        signatures = np.minimum.reduceat(products, starts, axis=1).T >> _UPPER_32
        for n, band_hashes in zip(keyed, _band_hashes_many(signatures), strict=True):
            keys[n] = tuple(
                [f"{p}{value:012x}" for p, value in zip(_BAND_PREFIXES, band_hashes, strict=True)]
            )
    return [Fingerprint(content, key) for content, key in zip(hashes, keys, strict=True)]
