""" "Mogelijk ook relevant": the model's next best passages, fused with the passages that
cover the question's rarest terms best (`recipe.candidates_order`)."""

from kamervragen.linking.config import DEFAULT
from kamervragen.linking.feature_names import FEATURE_NAMES
from kamervragen.linking.recipe import scored_choose

RARE = FEATURE_NAMES.index("rare_coverage")


class FakePair:
    def __init__(self, order: int, rare_coverage: float, text: str = "Ja.") -> None:
        self.question = type("Q", (), {"pk": 1, "text": "Waarom?"})()
        self.passage = type(
            "P",
            (),
            {"pk": order, "document_id": 1, "order": order, "role": "body", "text": text},
        )()
        self.values = [0.0] * len(FEATURE_NAMES)
        self.values[RARE] = rare_coverage


def shown(probabilities: list[float], coverages: list[float], floor: float = 0.01) -> list[int]:
    scored = [
        (FakePair(order, coverage), probability)
        for order, (probability, coverage) in enumerate(zip(probabilities, coverages, strict=True))
    ]
    suggested, candidates = scored_choose(scored, 0.25, floor, DEFAULT)
    assert suggested == []
    return [pair.passage.order for pair, _ in candidates]


def test_the_passage_covering_the_rare_terms_is_shown_though_the_model_ranks_it_last():
    probabilities = [0.2, 0.15, 0.1, 0.05, 0.03]
    assert shown(probabilities, [0.0, 0.0, 0.0, 0.0, 0.0]) == [0, 1, 2]
    assert shown(probabilities, [0.0, 0.0, 0.0, 0.0, 1.0]) == [0, 1, 4]


def test_agreeing_rankings_keep_the_model_order():
    assert shown([0.2, 0.15, 0.1, 0.05], [0.9, 0.5, 0.4, 0.1]) == [0, 1, 2]


def test_a_passage_under_the_floor_is_never_shown():
    assert shown([0.2, 0.15, 0.1, 0.005], [0.0, 0.0, 0.0, 1.0], floor=0.01) == [0, 1, 2]


def test_a_passage_that_only_asks_is_never_shown():
    """A question another document repeats (an e-mail quoting another set's question, "15,
    Bent u voornemens …?") shares the question's words but answers nothing; before, the
    walk-through found it suggested at 27 % with no shared term."""
    asks = "15, Bent u voornemens een kabinetsreactie te maken? Zo nee, waarom niet?"
    scored = [
        (FakePair(0, 0.0, asks), 0.9),
        (
            FakePair(1, 0.0, "Het kabinet komt voor de zomer met een reactie. Wat daarin staat?"),
            0.5,
        ),
        (FakePair(2, 0.0, "Is dat zo? Ja, dat is zo."), 0.1),
    ]
    suggested, candidates = scored_choose(scored, 0.25, 0.01, DEFAULT)
    assert [pair.passage.order for pair, _ in suggested] == [1]
    assert [pair.passage.order for pair, _ in candidates] == [2]
