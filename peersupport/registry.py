"""Typed seams between the apps.

Dependencies point one way (sessions -> referrals -> matching -> programs -> core), yet a
lower layer sometimes needs what a higher one knows: the core's home page lists every
app's work, the privacy page gathers every app's personal data, an erasure must reach
every app's records. The lower layer owns a `Registry` of entries that follow a
`Protocol` it declares; each higher app registers its entries in its AppConfig.ready().
Reading the lower layer's code you see the registry it calls, and the type of what it
gets back; nothing is looked up by name.
"""

from collections.abc import Iterator
from typing import Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured

Entry = TypeVar("Entry")


class Registry(Generic[Entry]):
    """An ordered collection of entries, one per key (usually the registering app's label).

    Entries keep the order in which they were registered: AppConfig.ready() runs in the
    order of INSTALLED_APPS, which follows the direction of the dependencies.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: dict[str, Entry] = {}

    def register(self, key: str, entry: Entry) -> None:
        """Add `entry` under `key`; registering the same entry again is harmless (ready()
        may run twice in tests), a different one under a taken key is a mistake."""
        existing = self._entries.get(key)
        if existing is not None and existing != entry:
            raise ImproperlyConfigured(f"{self.name}: {key!r} is registered already.")
        self._entries[key] = entry

    def __iter__(self) -> Iterator[Entry]:
        return iter(list(self._entries.values()))

    def __len__(self) -> int:
        return len(self._entries)

    def keys(self) -> list[str]:
        return list(self._entries)
