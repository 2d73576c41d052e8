"""Read: a page's bytes into records.

Takes a fetched page (bytes, its format, the locale asked for); gives its records
(`records.PageContent`, or `records.RelatedPageContent` for the related pages), or a
`PageParseError` naming the check that failed. `parse` picks the `markdown` or `html` reader,
both giving one `document`; `extract` finds the tables by their content and reads them with
`vocabulary` (lifecycle words) and `dates`; `language` checks the page is in the language asked
for; `related` reads the models overview and the platform pages; `fingerprint` is a digest of
this code, which stored "unchanged page" validators depend on. Pure: no I/O, no history.
"""
