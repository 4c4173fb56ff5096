"""Stream processing: clean, de-duplicate, classify and alert on articles read from Kafka."""
