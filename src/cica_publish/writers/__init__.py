"""Writers: a document tree in, a file format out."""
