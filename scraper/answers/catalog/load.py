"""Read a catalogue from a file, a URL, a models.dev tree, or the package that ships it.

The installed package is found through its metadata, never imported: importing litellm takes
seconds and pulls in half of PyPI.
"""

from __future__ import annotations

import gzip
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scraper.answers.catalog import CatalogName
from scraper.answers.catalog.catalogue import (
    LITELLM_SPEC,
    MODELS_DEV_SPEC,
    CatalogError,
    Catalogue,
    FormatSpec,
    catalog_entries,
    check_named_fields,
)
from scraper.errors import DeprecationsError, ExitCode
from scraper.sinks import safe_url

MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Shipped:
    """A catalogue file inside an installed distribution."""

    distribution: str
    file: str  # path inside the distribution


SHIPPED: dict[CatalogName, Shipped] = {
    "litellm": Shipped("litellm", "litellm/model_prices_and_context_window_backup.json"),
    "models.dev": Shipped("models-dev", "models_dev/data.json.gz"),
}
SPECS: dict[CatalogName, FormatSpec] = {"litellm": LITELLM_SPEC, "models.dev": MODELS_DEV_SPEC}


class CatalogFetchError(DeprecationsError):
    exit_code = ExitCode.FETCH_FAILED


@dataclass(frozen=True, slots=True)
class Raw:
    source: str
    version: str | None
    data: bytes | None  # one file's bytes
    tree: Path | None = None  # a models.dev `providers/` directory


def installed(name: CatalogName) -> Raw:
    shipped = SHIPPED.get(name)
    if shipped is None:
        raise CatalogError(f"{name}: give the catalogue's FILE or URL")
    # Imported here: `deprecations --help` loads this module, and importlib.metadata is slow.
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        dist = distribution(shipped.distribution)
    except PackageNotFoundError:
        raise CatalogError(
            f"{name}: no catalogue given and the {shipped.distribution} package is not "
            f"installed; give a FILE or an http(s) URL of its {Path(shipped.file).name}"
        ) from None
    path = Path(str(dist.locate_file(shipped.file)))
    if not path.is_file():
        raise CatalogError(f"{name}: {shipped.distribution} {dist.version} has no {shipped.file}")
    return Raw(f"{shipped.distribution} {dist.version} ({path})", dist.version, path.read_bytes())


def fetch(url: str) -> Raw:
    import httpx

    try:
        with httpx.stream("GET", url, follow_redirects=True, timeout=60) as response:
            response.raise_for_status()
            chunks: list[bytes] = []
            for chunk in response.iter_bytes():
                chunks.append(chunk)
                if sum(map(len, chunks)) > MAX_BYTES:
                    raise CatalogFetchError(f"{url}: larger than {MAX_BYTES // 2**20} MB")
    except httpx.HTTPStatusError as error:
        raise CatalogFetchError(f"{url}: HTTP {error.response.status_code}") from None
    except httpx.HTTPError as error:
        raise CatalogFetchError(f"{url}: {type(error).__name__}: {error}") from None
    return Raw(url, None, b"".join(chunks))


def read_source(name: CatalogName, source: str | None) -> Raw:
    if source is None:
        return installed(name)
    if source.startswith(("http://", "https://")):
        url = safe_url(source)  # a control character or bytes not UTF-8: no request at all
        if url is None:
            raise CatalogError(f"{source!r} is not an http(s) URL that can be fetched")
        return fetch(url)
    path = Path(source)
    if path.is_dir():
        return Raw(source, None, None, tree=path)
    try:
        return Raw(source, None, path.read_bytes())
    except OSError as error:
        raise CatalogError(f"{source}: cannot be read ({error.strerror})") from None


def decode(raw: Raw) -> tuple[str, Any]:
    """The JSON text and its value; gzip-compressed files too (models.dev's package)."""
    assert raw.data is not None
    try:
        data = gzip.decompress(raw.data) if raw.data[:2] == b"\x1f\x8b" else raw.data
        text = data.decode("utf-8-sig")
        return text, json.loads(text)
    except (UnicodeDecodeError, gzip.BadGzipFile) as error:
        raise CatalogError(f"{raw.source}: not UTF-8 JSON ({error})") from None
    except json.JSONDecodeError as error:
        raise CatalogError(
            f"{raw.source}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None


def models_dev_tree(directory: Path) -> dict[str, Any]:
    """models.dev's source layout, `providers/<provider>/models/<model>.toml`, as its api.json."""
    providers = directory / "providers" if (directory / "providers").is_dir() else directory
    document: dict[str, Any] = {}
    for path in sorted(providers.glob("*/models/**/*.toml")):
        provider = path.relative_to(providers).parts[0]
        model_id = path.relative_to(providers / provider / "models").with_suffix("").as_posix()
        try:
            fields = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise CatalogError(f"{path}: not a readable TOML file ({error})") from None
        models = document.setdefault(provider, {"id": provider, "models": {}})["models"]
        models[model_id] = {"id": model_id, **fields}
    if not document:
        raise CatalogError(f"{directory}: no providers/<provider>/models/<model>.toml files")
    return document


def models_dev_list(document: Any) -> list[dict[str, Any]]:
    """api.json (provider → models → model) as one list, each entry naming its provider."""
    if not isinstance(document, dict):
        raise CatalogError("not a models.dev api.json: expected an object of providers")
    flat: list[dict[str, Any]] = []
    for provider_id, provider in document.items():
        models = provider.get("models") if isinstance(provider, dict) else None
        for model_id, model in (models or {}).items():
            if isinstance(model, dict):
                flat.append({**model, "id": model.get("id", model_id), "provider": provider_id})
    return flat


def load_catalogue(name: CatalogName, source: str | None, spec: FormatSpec | None) -> Catalogue:
    """Read and pick the Claude entries; CatalogError (exit 2) when it cannot be read."""
    raw = read_source(name, source)
    if name == "json" and spec is None:
        raise CatalogError("json: describe the entries with --format-spec key=…,date=…,status=…")
    base = SPECS.get(name, FormatSpec())
    chosen = base.merged(spec) if spec else base
    text: str | None
    document: Any
    if raw.tree is not None:
        if name != "models.dev":
            raise CatalogError(f"{raw.source}: a directory is read only as a models.dev tree")
        text, document = None, models_dev_tree(raw.tree)
    else:
        text, document = decode(raw)
    if name == "models.dev":
        # The flattened list is not the file's shape, so no patch can point into it.
        text, document = None, models_dev_list(document)
    if spec is not None:
        check_named_fields(document, chosen, spec)
    entries, others = catalog_entries(document, chosen)
    return Catalogue(name, raw.source, raw.version, chosen, text, entries, others)
