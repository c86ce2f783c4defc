"""Podcast feeds, downloads for offline listening, and matching audio to its case (no Qt)."""
