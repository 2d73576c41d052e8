"""Publish: the events and the index, turned into what people read.

Takes the event log, the canonical index, the drift report and the stored pages; gives
`{file name: bytes}` (`files.publish`). `compose` computes the one publication `view` once
(the days and their `entries`, every sentence in each language through `wording` and `i18n`,
"Retiring soon", where each translation stands, each stored language in `languages`); the
renderers only read it: `changelogs` (the Markdown files, TRANSLATIONS.md among them), `feeds`
(Atom, JSON Feed) and `site` (HTML). `report` and `notify` tell the workflow and chat what a
run did.
"""
