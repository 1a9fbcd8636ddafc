"""The public portal of published replies (no login), and the office's publishing screens."""
