"""Entry points: settings, the container (the one composition root), the CLI and the API."""
