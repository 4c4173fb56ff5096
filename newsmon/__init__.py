"""newsmon's shared core and app shell.

- `newsmon.contract`, `newsmon.kafka`, `newsmon.config`: the records, topic names, Kafka plumbing
  and configuration that the connectors, the stream worker and the notifier all import;
- `newsmon.cli`, `newsmon.launcher`, `newsmon.broker`, `newsmon.sample`: the shell (commands,
  `newsmon run`, the local-broker manager, the demo feed), which imports the services and is
  imported by none of them.
"""
