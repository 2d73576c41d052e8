"""Publish: the events and the index, turned into what people read.

Takes the event log, the canonical index, the drift report and the stored pages; gives
`{file name: bytes}` (`files.render_files`). `compose` computes the one publication `view`
(days, entries, sentences in each language through `wording` and `i18n`, "retiring soon", where
each translation stands); the renderers only read it: `changelogs` (Markdown), `translations`
(TRANSLATIONS.md), `feeds` (Atom, JSON Feed) and `site` (HTML). `report` and `notify` tell the
workflow and chat what a run did.
"""
