"""The prerequisite graph of skills: cycle detection and a cycle-tolerant learning order.

Edges run from a skill to the skills it needs first. Editors could enter a cycle; the admin
rejects one with `find_cycle`, and `learning_order` still terminates if one slips through.
"""

from collections.abc import Callable, Hashable, Iterable, Mapping
from heapq import heappop, heappush


def find_cycle[Node: Hashable](prerequisites: Mapping[Node, Iterable[Node]]) -> list[Node] | None:
    """Return one cycle as a list of nodes (first node repeated at the end), or None."""
    white, grey, black = 0, 1, 2
    colour: dict[Node, int] = {}
    parent: dict[Node, Node] = {}
    for start in prerequisites:
        if colour.get(start, white) != white:
            continue
        stack = [(start, iter(prerequisites.get(start, ())))]
        colour[start] = grey
        while stack:
            node, children = stack[-1]
            for child in children:
                state = colour.get(child, white)
                if state == white:
                    colour[child] = grey
                    parent[child] = node
                    stack.append((child, iter(prerequisites.get(child, ()))))
                    break
                if state == grey:
                    cycle = [child, node]
                    while cycle[-1] != child:
                        cycle.append(parent[cycle[-1]])
                    cycle.reverse()
                    return cycle
            else:
                colour[node] = black
                stack.pop()
    return None


def learning_order[Node: Hashable](
    nodes: Iterable[Node],
    prerequisites: Mapping[Node, Iterable[Node]],
    priority: Callable[[Node], tuple],
) -> list[Node]:
    """Order `nodes` so each comes after those of its prerequisites that are also in `nodes`.

    Among nodes that are free to come next, the one with the smallest `priority` goes first.
    If the graph has a cycle, the node with the smallest priority among those still blocked is
    released, so the order always holds every node exactly once.
    """
    wanted = list(dict.fromkeys(nodes))
    members = set(wanted)
    blockers = {n: {p for p in prerequisites.get(n, ()) if p in members and p != n} for n in wanted}
    dependants: dict[Node, list[Node]] = {n: [] for n in wanted}
    for node, needs in blockers.items():
        for need in needs:
            dependants[need].append(node)

    ready: list = []
    counter = 0
    for node in wanted:
        if not blockers[node]:
            heappush(ready, (priority(node), counter, node))
            counter += 1

    order: list[Node] = []
    placed: set[Node] = set()
    while len(order) < len(wanted):
        if not ready:
            # A cycle: release the most urgent blocked node rather than fail.
            node = min((n for n in wanted if n not in placed), key=priority)
            blockers[node].clear()
            heappush(ready, (priority(node), counter, node))
            counter += 1
        _, _, node = heappop(ready)
        if node in placed:
            continue
        placed.add(node)
        order.append(node)
        for dependant in dependants[node]:
            needs = blockers[dependant]
            if node in needs:
                needs.discard(node)
                if not needs and dependant not in placed:
                    heappush(ready, (priority(dependant), counter, dependant))
                    counter += 1
    return order
