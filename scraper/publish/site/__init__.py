"""The lifecycle site: one static page per language, rendered from the publication view.

    publication view ──► rows (the table, cards and changes, as the template wants them)
                     ──► timeline (pure: SVG geometry) ──► render (Jinja2, autoescaped)

Reading works without JavaScript (the table and the chart are in the HTML); `site.js` only
sorts and filters. Nothing is loaded from anywhere but the site itself.
"""
