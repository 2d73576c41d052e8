"""Read: a page's bytes into records.

Takes a fetched page (bytes, its format, the locale asked for); gives its records
(`records.PageContent`, or `records.RelatedPageContent` for the related pages), or a
`PageParseError` naming the check that failed. `parse` picks the `markdown` or `html` reader,
both giving one `document` of what a reader sees (`visible`), without the site `chrome` after
the content, and judging its `ending`; `extract` finds the tables by their content and reads
them with `vocabulary`, `lifecycle` (which stage a word names) and `dates`, and the history's
`notes`; `language` checks the page is in the language asked for; `related` reads the models
overview and the platform pages; `fingerprint` is a digest of this code, which stored
"unchanged page" validators depend on. Pure: no I/O, no history.
"""
