"""A generated code base with known model ids: every written form, in every kind of file, plus
the places and look-alikes the audit must not report (shared by the audit tests and the
benchmark's correctness check)."""

from __future__ import annotations

import json
from pathlib import Path

# Every file the audit must read, and what is in it. The golden outputs list the hits.
SOURCES: dict[str, str] = {
    "src/app.py": (
        "import anthropic\n"
        "\n"
        'OLD = "claude-3-opus-20240229"  # dated API id, retired\n'
        'ALIAS = "claude-3-5-haiku-latest"  # -latest alias, deprecated\n'
        'client.messages.create(model="claude-sonnet-4-0", max_tokens=10)  # alias, legacy\n'
        "# look-alikes, none of them a model: claude-code, claude-3, claude-3-family,\n"
        "# my-claude-2.1-notes, claude-opus-4-3, claude-3-5-sonnet-2024062, claude-opus-4-1-2025,\n"
        "# claude_3_opus, xclaude-2.1, claude-2.1x, Claude-2.1, Claude 3.5,\n"
        "# @anthropic-ai/claude-code\n"
        'ROUTED = "openrouter/anthropic/claude-3.5-haiku:beta"  # a router\'s form, deprecated\n'
        'agent = Agent("anthropic:claude-4-sonnet")  # version before family, legacy\n'
        'FAMILY = "claude-3-opus"  # a name without its date\n'
        'NEW = "claude-opus-4-1"  # active: only with --all\n'
    ),
    "infra/main.tf": (
        'variable "model" {\n'
        '  default = "anthropic.claude-3-5-haiku-20241022-v1:0"\n'
        "}\n"
        'profile = "us.anthropic.claude-3-opus-20240229-v1:0"\n'
        'arn = "arn:aws:bedrock:us-east-1::foundation-model/'
        'anthropic.claude-sonnet-4-20250514-v1:0"\n'
        "profile_arn = "
        '"arn:aws:bedrock:eu-west-1:123456789012:inference-profile/'
        'eu.anthropic.claude-3-5-haiku-20241022-v1:0"\n'
    ),
    "config/vertex.yaml": (
        "model: claude-3-opus@20240229\n"
        "path: projects/p/locations/us-east5/publishers/anthropic/models/claude-sonnet-4@20250514\n"
        "url: https://us-east5-aiplatform.googleapis.com/v1/projects/p/locations/us-east5/"
        "publishers/anthropic/models/claude-3-5-haiku@20241022:streamRawPredict\n"
    ),
    ".env.example": "ANTHROPIC_MODEL=claude-2.1\nFALLBACK=claude-haiku-4-5\n",
    "docs/MIGRATING.md": (
        "# Migrating\n"
        "\n"
        "We moved off `claude-3-opus-20240229` and claude-2.1.\n"
        "Route: bedrock/us.anthropic.claude-3-5-haiku-20241022-v1:0, "
        "vertex_ai/claude-3-5-haiku@20241022.\n"
        "Sentence ending with an id: claude-3-5-haiku-20241022.\n"
        "Unicode first «claude-2.1» ok.\n"
    ),
    "package.json": '{"devDependencies": {"@anthropic-ai/claude-code": "^1.0.0"}}\n',
    "pyproject.toml": '[tool.app]\nmodel = "claude-3-opus-latest"\n',
    "sub/settings.json": '{"model": "claude-3-5-haiku-20241022"}\n',
    "sub/keep.log": "model=claude-2.1\n",
    "sub/deeper/inner.txt": "claude-3-opus-20240229\n",
}

NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Trying models\n"]},
        {
            "cell_type": "code",
            "execution_count": 1,
            "metadata": {},
            "outputs": [
                {
                    "name": "stdout",
                    "output_type": "stream",
                    "text": ["model: claude-2.1 (an output, not a call)\n"],
                }
            ],
            "source": [
                "import anthropic\n",
                'print("a \\"quoted\\" word")\n',
                'reply = client.messages.create(model="claude-3-5-haiku-20241022")\n',
            ],
        },
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}

# What must not be reported: ignored, vendored, tool state, binary, too large.
NOT_SCANNED: dict[str, str] = {
    "build/bundle.js": "claude-3-opus-20240229",  # ignored by the top .gitignore (build/)
    "secrets.local.env": "claude-2.1",  # ignored by *.local.env
    "sub/debug.log": "claude-2.1",  # ignored by sub/.gitignore (*.log; keep.log re-included)
    "sub/deeper/cache.tmp": "claude-2.1",  # *.tmp from sub/.gitignore applies below it too
    "node_modules/sdk/index.js": "claude-3-opus-20240229",
    "web/node_modules/sdk/index.js": "claude-3-opus-20240229",
    "vendor/lib/models.go": "claude-3-opus-20240229",
    ".venv/lib/site.py": "claude-2.1",
    "env2/lib/site.py": "claude-2.1",  # a virtual environment by another name (pyvenv.cfg)
    "src/__pycache__/app.txt": "claude-2.1",
}
GITIGNORES = {
    ".gitignore": "build/\n*.local.env\n",
    "sub/.gitignore": "*.log\n!keep.log\n*.tmp\n",
}


def make_tree(root: Path, *, big_file_bytes: int) -> None:
    """Write the tree under `root` (a binary file with an id, a file over the cap, a link)."""
    for name, text in {**SOURCES, **NOT_SCANNED, **GITIGNORES}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "env2" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (root / "notebooks").mkdir()
    (root / "notebooks" / "explore.ipynb").write_text(
        json.dumps(NOTEBOOK, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (root / "assets").mkdir()
    (root / "assets" / "model.bin").write_bytes(b"\x00\x01claude-3-opus-20240229\x00")
    (root / "data").mkdir()
    line = b"id = claude-2.1\n"
    (root / "data" / "huge.txt").write_bytes(line * (big_file_bytes // len(line) + 1))
    (root / "docs" / "app-link.py").symlink_to("../src/app.py")
