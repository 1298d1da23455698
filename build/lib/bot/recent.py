"""A bounded in-process cache of what the chat reads on every update."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Recent(Generic[K, V]):
    """At most `size` values; the least recently used goes first.

    `generation` changes on every invalidation: a reader notes it before an awaited read and
    stores the result only if it has not changed meanwhile, so that a read which started before a
    write committed never puts the old value back after the write dropped it."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: OrderedDict[K, V] = OrderedDict()
        self.generation = 0

    def get(self, key: K) -> V | None:
        value = self._values.get(key)
        if value is not None:
            self._values.move_to_end(key)
        return value

    def put(self, key: K, value: V, *, read_at: int | None = None) -> None:
        if read_at is not None and read_at != self.generation:
            return
        self._values[key] = value
        self._values.move_to_end(key)
        while len(self._values) > self._size:
            self._values.popitem(last=False)

    def drop(self, key: K) -> None:
        self.generation += 1
        self._values.pop(key, None)

    def drop_where(self, condition: Callable[[V], bool]) -> None:
        self.generation += 1
        for key in [key for key, value in self._values.items() if condition(value)]:
            del self._values[key]

    def clear(self) -> None:
        self.generation += 1
        self._values.clear()
