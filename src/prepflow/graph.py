"""Dependency graphs of steps: cycles and a stable topological order.

Both walk the graph iteratively, so a chain of thousands of steps needs no
deep recursion.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence


def find_cycles(needs: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Every distinct cycle met by a depth-first walk, each as ``[a, b, ..., a]``."""
    WHITE, GREY, BLACK = 0, 1, 2
    color = dict.fromkeys(needs, WHITE)
    cycles: list[list[str]] = []
    seen: set[frozenset[str]] = set()
    for root in needs:
        if color[root] != WHITE:
            continue
        color[root] = GREY
        path = [root]
        stack = [iter(needs[root])]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                color[path.pop()] = BLACK
                continue
            state = color.get(child)
            if state is None:  # a missing step: reported elsewhere
                continue
            if state == GREY:
                cycle = [*path[path.index(child) :], child]
                key = frozenset(cycle)
                if key not in seen:
                    seen.add(key)
                    cycles.append(cycle)
            elif state == WHITE:
                color[child] = GREY
                path.append(child)
                stack.append(iter(needs[child]))
    return cycles


def topological_order(needs: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """Steps ordered so each comes after what it needs, and otherwise in plan order.

    Of the orders that put every step after its needs, this is the one closest
    to the plan's: the next step is always the earliest one in the plan whose
    needs are all placed. When each step's needs come before it in the plan (the
    usual case), that is the plan's own order, found in one pass. Steps that can
    never be placed (in a cycle, or needing a missing step) are left out; see
    :func:`find_cycles`.
    """
    placed: set[str] = set()
    for step, deps in needs.items():
        if deps and not placed.issuperset(deps):
            return _earliest_first(needs)
        placed.add(step)
    return tuple(needs)


def _earliest_first(needs: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """Kahn's algorithm, taking the ready step earliest in the plan first."""
    steps = list(needs)
    position = {step: i for i, step in enumerate(steps)}
    waiting = {step: len(deps) for step, deps in needs.items()}
    dependents: dict[str, list[str]] = {step: [] for step in needs}
    for step, deps in needs.items():
        for dep in deps:
            if dep in dependents:  # else a missing step, reported elsewhere; `step` never gets ready
                dependents[dep].append(step)
    ready = [position[step] for step, count in waiting.items() if count == 0]  # already a heap: sorted
    order: list[str] = []
    while ready:
        step = steps[heapq.heappop(ready)]
        order.append(step)
        for dependent in dependents[step]:
            waiting[dependent] -= 1
            if waiting[dependent] == 0:
                heapq.heappush(ready, position[dependent])
    return tuple(order)
