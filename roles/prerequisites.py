"""The prerequisite graph of skills: cycle detection and a cycle-tolerant learning order, both
on the standard library's `graphlib`.

Edges run from a skill to the skills it needs first. Editors could enter a cycle; the admin
rejects one with `find_cycle`, and `learning_order` still terminates if one slips through.
"""

from collections.abc import Callable, Hashable, Iterable, Mapping
from graphlib import CycleError, TopologicalSorter
from heapq import heappop, heappush


def find_cycle[Node: Hashable](prerequisites: Mapping[Node, Iterable[Node]]) -> list[Node] | None:
    """Return one cycle as a list of nodes, each needing the next (first node repeated at the
    end), or None."""
    try:
        TopologicalSorter(prerequisites).prepare()
    except CycleError as error:
        # graphlib lists each node before the one that needs it: turn it to follow the edges.
        return list(reversed(error.args[1]))
    return None


def learning_order[Node: Hashable](
    nodes: Iterable[Node],
    prerequisites: Mapping[Node, Iterable[Node]],
    priority: Callable[[Node], tuple],
) -> list[Node]:
    """Order `nodes` so each comes after those of its prerequisites that are also in `nodes`.

    Among nodes that are free to come next, the one with the smallest `priority` goes first.
    If the graph has a cycle, the most urgent node of the cycle is released from the others in
    it, so the order always holds every node exactly once.
    """
    wanted = list(dict.fromkeys(nodes))
    members = set(wanted)
    graph = {n: {p for p in prerequisites.get(n, ()) if p in members and p != n} for n in wanted}
    while True:
        sorter = TopologicalSorter(graph)
        try:
            sorter.prepare()
            break
        except CycleError as error:
            cycle = error.args[1]
            released = min(cycle[:-1], key=priority)
            graph[released] -= set(cycle)

    ready: list = []
    counter = 0

    def offer(found) -> None:
        nonlocal counter
        for node in found:
            heappush(ready, (priority(node), counter, node))
            counter += 1

    offer(sorter.get_ready())
    order: list[Node] = []
    while ready:
        _, _, node = heappop(ready)
        order.append(node)
        sorter.done(node)
        offer(sorter.get_ready())
    return order
