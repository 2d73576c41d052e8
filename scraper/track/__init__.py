"""Track: what changed, decided before anything is written.

Takes what the store holds (`stored.Stored`) and what was fetched; gives a `plan.Plan`: the new
events, the pages and index to store, what was rejected and why. `guard` rejects pages that
look broken; `diff` names the changes of one language; `plausibility` holds back changes more
likely a mistake than news; `events` merges them across languages (their `payloads` typed);
`index` joins the English page into one record per model, `platforms` adds each platform's ids;
`drift` compares each translation with English; `reminders` are due retirements. Pure.
"""
