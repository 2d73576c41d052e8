"""`deprecations catalog`: check model catalogues against the pages (see scraper/catalog/)."""

from scraper.catalog.command import catalog as command

__all__ = ["command"]
