"""Feed connectors: fetch news feeds and publish every new article to Kafka."""
