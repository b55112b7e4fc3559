"""Date formats that override Django's defaults per language (settings.FORMAT_MODULE_PATH)."""
