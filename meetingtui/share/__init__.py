"""Sharing the meeting with followers: a read-only web page (imported only when sharing)."""
