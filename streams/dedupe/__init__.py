"""De-duplication: exact duplicates by URL, GUID or content hash; near-duplicates by MinHash."""

from streams.dedupe.fingerprint import Fingerprint, fingerprint
from streams.dedupe.index import DedupeIndex, DedupeVerdict

__all__ = ["DedupeIndex", "DedupeVerdict", "Fingerprint", "fingerprint"]
