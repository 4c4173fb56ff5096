"""Fingerprints of an article's text: an exact content hash and MinHash LSH band keys.

Text is reduced to words (case folded, letters and digits only), then to overlapping word
shingles. MinHash (NUM_BANDS x ROWS signatures by multiply-shift hashing, vectorised with
numpy) estimates Jaccard similarity of shingle sets; LSH banding turns it into a few keys:
two texts share at least one band key with probability 1 - (1 - J^ROWS)^NUM_BANDS, i.e.
~0.93 at J=0.7, ~0.55 at J=0.5 and ~0.05 at J=0.25.

Hashes are stable across processes (the keys live in a table that outlives the worker): each
distinct word is hashed once with BLAKE2b (and remembered, news vocabulary repeats), shingle
hashes are mixed from their words' hashes with numpy, never per shingle in Python. That keeps a
fingerprint at a few tens of microseconds for a typical feed item.
"""

from __future__ import annotations

import hashlib
import re
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


def _seeds(count: int, label: bytes) -> np.ndarray:
    # Odd 64-bit multipliers/offsets derived from a fixed label: the same in every process.
    values = [
        int.from_bytes(hashlib.blake2b(label + i.to_bytes(4, "big"), digest_size=8).digest()) | 1
        for i in range(count)
    ]
    return np.array(values, dtype=np.uint64)


_A = _seeds(NUM_BANDS * ROWS, b"newsmon-minhash-a")
_B = _seeds(NUM_BANDS * ROWS, b"newsmon-minhash-b")
_SHINGLE = _seeds(SHINGLE_WORDS, b"newsmon-shingle")  # one multiplier per word position
_ROW_MULTIPLIERS = _seeds(ROWS, b"newsmon-band-rows")
_BAND_SALTS = _seeds(NUM_BANDS, b"newsmon-band-salts")
_word_hashes: dict[str, int] = {}


@dataclass(frozen=True, slots=True)
class Fingerprint:
    content_hash: str
    band_keys: tuple[str, ...]


def words_of(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _hash_word(word: str) -> int:
    if len(_word_hashes) >= _WORD_CACHE_MAX:
        _word_hashes.clear()
    value = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest())
    _word_hashes[word] = value
    return value


def _mix(values: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser, element-wise: spreads every input bit over the whole word."""
    with np.errstate(over="ignore"):
        values = values ^ (values >> np.uint64(30))
        values = values * np.uint64(0xBF58476D1CE4E5B9)
        values = values ^ (values >> np.uint64(27))
        values = values * np.uint64(0x94D049BB133111EB)
        result: np.ndarray = values ^ (values >> np.uint64(31))
    return result


def _shingle_hashes(words: list[str]) -> np.ndarray:
    get = _word_hashes.get
    per_word = np.array([get(w) or _hash_word(w) for w in words], dtype=np.uint64)
    n = max(1, len(per_word) - SHINGLE_WORDS + 1)
    if len(words) < SHINGLE_WORDS:  # a text shorter than a shingle is one shingle
        per_word = np.concatenate([per_word, np.zeros(SHINGLE_WORDS - len(words), np.uint64)])
    combined = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for position in range(SHINGLE_WORDS):
            # Position-dependent multipliers: "a b c" and "c b a" are different shingles.
            combined += per_word[position : position + n] * _SHINGLE[position]
    # Word hashes are uniform, so their weighted sum is too: no extra mixing before MinHash.
    return combined


def minhash(words: list[str]) -> np.ndarray:
    """NUM_BANDS*ROWS minimum hash values (upper 32 bits of a*h + b mod 2^64) of the shingles."""
    hashes = _shingle_hashes(words)
    with np.errstate(over="ignore"):
        mixed = (hashes[:, None] * _A[None, :] + _B[None, :]) >> np.uint64(32)
    result: np.ndarray = mixed.min(axis=0)
    return result


def _band_hashes(signature: np.ndarray) -> list[int]:
    """One 48-bit hash per band of a (NUM_BANDS, ROWS) signature; the band is in the salt."""
    with np.errstate(over="ignore"):
        folded = (signature * _ROW_MULTIPLIERS).sum(axis=1, dtype=np.uint64) + _BAND_SALTS
    return [value >> 16 for value in _mix(folded).tolist()]


def fingerprint(text: str) -> Fingerprint:
    """Content hash of the normalised words, and LSH band keys (none for very short texts)."""
    words = words_of(text)
    content_hash = hashlib.blake2b(" ".join(words).encode(), digest_size=12).hexdigest()
    if len(words) < MIN_WORDS:
        return Fingerprint(content_hash, ())
    signature = minhash(words[:MAX_WORDS]).reshape(NUM_BANDS, ROWS)
    keys = tuple(f"{band}:{value:012x}" for band, value in enumerate(_band_hashes(signature)))
    return Fingerprint(content_hash, keys)
