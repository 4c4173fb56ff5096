"""Kafka plumbing shared by connectors and workers: a local broker, topic creation, producers."""
