"""Fingerprints of an article's text: an exact content hash and MinHash LSH band keys.

Text is reduced to words (case folded, letters and digits only), then to overlapping word
shingles. MinHash (NUM_BANDS x ROWS signatures by multiply-shift hashing, vectorised with
numpy) estimates Jaccard similarity of shingle sets; LSH banding turns it into a few keys:
two texts share at least one band key with probability 1 - (1 - J^ROWS)^NUM_BANDS, i.e.
~0.93 at J=0.7, ~0.55 at J=0.5 and ~0.05 at J=0.25. Hashes are stable across processes
(BLAKE2b, fixed seeds): the keys live in a table that outlives the worker.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np

NUM_BANDS = 10
ROWS = 4
SHINGLE_WORDS = 3
MIN_WORDS = 8  # texts shorter than this get no near-duplicate keys (too little signal)
_WORD = re.compile(r"\w+")
_MASK64 = (1 << 64) - 1


def _seeds(count: int, label: bytes) -> np.ndarray:
    # Odd 64-bit multipliers/offsets derived from a fixed label: the same in every process.
    values = [
        int.from_bytes(hashlib.blake2b(label + i.to_bytes(4, "big"), digest_size=8).digest()) | 1
        for i in range(count)
    ]
    return np.array(values, dtype=np.uint64)


_A = _seeds(NUM_BANDS * ROWS, b"newsmon-minhash-a")
_B = _seeds(NUM_BANDS * ROWS, b"newsmon-minhash-b")


@dataclass(frozen=True, slots=True)
class Fingerprint:
    content_hash: str
    band_keys: tuple[str, ...]


def words_of(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _shingle_hashes(words: list[str]) -> np.ndarray:
    n = max(1, len(words) - SHINGLE_WORDS + 1)
    digests = [
        int.from_bytes(
            hashlib.blake2b(" ".join(words[i : i + SHINGLE_WORDS]).encode(), digest_size=8).digest()
        )
        for i in range(n)
    ]
    return np.array(digests, dtype=np.uint64)


def minhash(words: list[str]) -> np.ndarray:
    """NUM_BANDS*ROWS minimum hash values (upper 32 bits of a*h + b mod 2^64) of the shingles."""
    hashes = _shingle_hashes(words)
    with np.errstate(over="ignore"):
        mixed = (hashes[:, None] * _A[None, :] + _B[None, :]) >> np.uint64(32)
    result: np.ndarray = mixed.min(axis=0)
    return result


def fingerprint(text: str) -> Fingerprint:
    """Content hash of the normalised words, and LSH band keys (none for very short texts)."""
    words = words_of(text)
    content_hash = hashlib.blake2b(" ".join(words).encode(), digest_size=12).hexdigest()
    if len(words) < MIN_WORDS:
        return Fingerprint(content_hash, ())
    signature = minhash(words).reshape(NUM_BANDS, ROWS)
    keys = tuple(
        f"{band}:{hashlib.blake2b(row.tobytes(), digest_size=6).hexdigest()}"
        for band, row in enumerate(signature)
    )
    return Fingerprint(content_hash, keys)
