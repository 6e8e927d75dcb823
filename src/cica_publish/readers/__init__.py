"""Readers: formats in, :class:`cica_publish.tree.Document` out."""
