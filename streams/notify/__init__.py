"""The notifier: delivers alerts from `newsmon.alerts` to webhooks, chat and e-mail, and streams
alerts and classified articles to HTTP clients (Server-Sent Events)."""
