"""Fetch: the pages to read, as bytes.

Takes the page keys (a locale of the deprecations page, or a related page's name), the stored
HTTP validators and the fetch settings; gives one `FetchResult` per key (`pages`): the page as
received with its format, "unchanged", or why it failed. `sources` names every URL and
language; `http` fetches them (or `saved` reads them from a directory); `progress` reports on
stderr. Nothing here parses a page.
"""
