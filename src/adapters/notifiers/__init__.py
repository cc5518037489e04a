"""Notifiers: stdout, desktop, Telegram, and the fan-out that sends to several."""
