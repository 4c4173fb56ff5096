"""Where alerts go: one small base (`Sink.send`) and a class per kind of endpoint."""

from streams.notify.sinks.base import Delivery, DeliveryFailed, Sink, SinkSetupError

__all__ = ["Delivery", "DeliveryFailed", "Sink", "SinkSetupError"]
