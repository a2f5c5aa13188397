from hypothesis import given
from hypothesis import strategies as st

from roles.prerequisites import find_cycle, learning_order


def test_it_finds_no_cycle_in_a_chain():
    assert find_cycle({"ml": ["stats", "python"], "stats": ["maths"], "python": []}) is None


def test_it_finds_a_cycle_and_names_its_members():
    cycle = find_cycle({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]})
    assert cycle is not None
    assert cycle[0] == cycle[-1]
    assert set(cycle) == {"a", "b", "c"}


def test_it_finds_a_self_loop():
    assert find_cycle({"a": ["a"]}) == ["a", "a"]


def test_it_orders_prerequisites_first_and_breaks_ties_by_priority():
    prereqs = {"ml": ["stats", "python"], "stats": ["maths"], "python": [], "maths": []}
    weights = {"ml": 1, "stats": 2, "python": 9, "maths": 3}
    order = learning_order(prereqs, prereqs, priority=lambda n: (-weights[n],))
    assert order == ["python", "maths", "stats", "ml"]


def test_it_ignores_prerequisites_outside_the_wanted_nodes():
    assert learning_order(["ml"], {"ml": ["stats"]}, priority=lambda n: ()) == ["ml"]


def test_it_still_places_every_node_when_there_is_a_cycle():
    prereqs = {"a": ["b"], "b": ["a"], "c": ["a"]}
    order = learning_order(["a", "b", "c"], prereqs, priority=lambda n: (n,))
    assert sorted(order) == ["a", "b", "c"]
    assert order.index("a") < order.index("c")


graphs = st.dictionaries(st.integers(0, 12), st.lists(st.integers(0, 12), max_size=4), max_size=13)


@given(graphs)
def test_the_order_respects_every_edge_of_an_acyclic_graph(graph):
    if find_cycle(graph) is not None:
        return
    order = learning_order(graph, graph, priority=lambda n: (n,))
    assert sorted(order) == sorted(graph)
    position = {n: i for i, n in enumerate(order)}
    for node, needs in graph.items():
        for need in needs:
            if need in position:
                assert position[need] < position[node]


@given(graphs)
def test_the_order_always_holds_each_node_once(graph):
    order = learning_order(graph, graph, priority=lambda n: (-n,))
    assert sorted(order) == sorted(graph)
