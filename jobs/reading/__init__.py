"""The posting reader: pure functions over text (no Django), used by job postings and imports."""
