"""Questions that ask for a name in the other language (pure functions)."""

import pytest

from rag.answer.spans import Candidate
from rag.answer.translations import asked_translation, with_full_names
from rag.types import Translation


@pytest.mark.parametrize("question, lang, asked", [
    ("Chức danh Công sứ của ông Nguyễn Hoàng Nguyên trong tiếng Anh là gì?", "vi",
     Translation("en", "Công sứ của ông Nguyễn Hoàng Nguyên")),
    ("Tên tiếng Anh của Kế hoạch hành động toàn cầu là gì?", "vi",
     Translation("en", "Kế hoạch hành động toàn cầu")),
    ("Công ước về tội phạm mạng có tên tiếng Anh là gì?", "vi",
     Translation("en", "Công ước về tội phạm mạng")),
    ("What is the Vietnamese name of the Global Plan of Action?", "en",
     Translation("vi", "Global Plan of Action")),
    ("How do you say Minister-Counsellor in Vietnamese?", "en",
     Translation("vi", "Minister-Counsellor")),
    ("What is the IOM called in Vietnamese?", "en", Translation("vi", "IOM")),
    # not asked for in the other language
    ("Ông ấy phát biểu bằng tiếng Anh ở đâu?", "vi", None),
    ("What is the name of the Korean ambassador?", "en", None),
    ("What is the English name of the plan?", "en", None),  # the question's own language
])
def test_asked_translation(question, lang, asked):
    assert asked_translation(question, lang) == asked


def _names(sentence, *texts):
    return [Candidate(sentence.index(t), sentence.index(t) + len(t), t, 0.0) for t in texts]


def test_full_names_join_across_one_small_word():
    sentence = "Vietnam urged states to ratify the UN Convention against Cybercrime soon."
    names = with_full_names(sentence, _names(sentence, "Vietnam", "UN Convention", "Cybercrime"))
    assert "UN Convention against Cybercrime" in [n.text for n in names]
    assert "Vietnam urged states" not in [n.text for n in names]  # two words apart: not joined


def test_a_joined_name_never_cuts_a_title_short():
    sentence = 'It reviewed the "Global Plan of Action to Combat Trafficking in Persons" today.'
    title = "Global Plan of Action to Combat Trafficking in Persons"
    names = with_full_names(sentence, _names(sentence, title, "Global Plan", "Action",
                                             "Combat Trafficking"))
    assert [n.text for n in names if n.text.startswith("Global Plan of")] == [title]
