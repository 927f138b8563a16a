"""The staff web interface and the JSON API."""
