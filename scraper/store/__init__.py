"""Store: the snapshots directory, and only that.

Takes typed documents and the bytes publishing rendered (`snapshots.Writes`); gives them back
on the next run (`snapshots.SnapshotStore.load`). Writes are atomic and happen only when bytes
change, events before snapshots (`files`); `schemas` are the documents' JSON Schemas.
Renders nothing, plans nothing.
"""

from __future__ import annotations

# The canonical index's file name, here so the read-only commands find it without loading the
# store (the record types, the schemas, the lock).
MODELS_FILE = "models.json"
