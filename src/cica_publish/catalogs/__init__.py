"""Translation memory in gettext catalogs: model, PO format, extraction, update, QA."""
