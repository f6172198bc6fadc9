"""Protocols that existing reader apps speak (the Fever API)."""
