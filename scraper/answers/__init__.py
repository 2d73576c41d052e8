"""Answers built on the canonical index (models.json), never on the pipeline.

`resolve` maps any written form of a model id to its model and platform; `standing` says where
each model stands on a day and what retires in a `window`; `audit` finds the models a code base
calls; `catalog` checks other projects' model lists against the pages.
"""
