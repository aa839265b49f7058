"""Dash pages (thin callbacks over the chainmap library)."""
