"""A sample feed written for newsmon's demo and tests, served on 127.0.0.1 so the default
configuration works offline. Every item in it is fictional."""
