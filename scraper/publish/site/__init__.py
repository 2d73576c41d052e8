"""The lifecycle site: one static page per language, built from the snapshots.

    snapshots/ ──► inputs (read, validate) ──► view (pure: rows, soon, changes, languages)
               ──► timeline (pure: SVG geometry) ──► render (Jinja2, autoescaped) ──► OUT_DIR/

Reading works without JavaScript (the table and the chart are in the HTML); `site.js` only
sorts and filters. Nothing is loaded from anywhere but the site itself.
"""

from __future__ import annotations

from scraper.publish.site.render import build_site

__all__ = ["build_site"]
