"""Chain analytics: plain functions over the database and chain graphs (see docs/methods.md)."""
