"""framing-study: whose voices a news article carries, and how it frames an event."""

__version__ = "0.1.0"
