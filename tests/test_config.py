"""Settings: defaults < TOML file < NEWSRAG_* environment < explicit overrides."""

import pytest

from rag import Settings
from rag.errors import NewsragError


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Run each test in an empty folder with no NEWSRAG_* variables set."""
    monkeypatch.chdir(tmp_path)
    for name in ("CONFIG", "INDEX_DIR", "CORPUS_DIR", "TOP_K", "CHUNK_TOKENS"):
        monkeypatch.delenv(f"NEWSRAG_{name}", raising=False)


def test_defaults():
    s = Settings.load()
    assert (s.index_dir, s.corpus_dir, s.top_k, s.chunk_tokens) == (
        "index_store", "data/articles", 5, 320
    )


def test_newsrag_toml_in_working_folder_is_read(tmp_path):
    (tmp_path / "newsrag.toml").write_text('top_k = 9\nindex_dir = "idx"\n', encoding="utf-8")
    s = Settings.load()
    assert s.top_k == 9 and s.index_dir == "idx" and s.chunk_tokens == 320


def test_explicit_config_file_with_newsrag_table(tmp_path):
    path = tmp_path / "other.toml"
    path.write_text("[newsrag]\nchunk_tokens = 128\n", encoding="utf-8")
    (tmp_path / "newsrag.toml").write_text("chunk_tokens = 64\n", encoding="utf-8")
    assert Settings.load(path).chunk_tokens == 128


def test_config_from_environment_variable(tmp_path, monkeypatch):
    path = tmp_path / "env.toml"
    path.write_text("top_k = 2\n", encoding="utf-8")
    monkeypatch.setenv("NEWSRAG_CONFIG", str(path))
    assert Settings.load().top_k == 2


def test_precedence_file_then_env_then_overrides(tmp_path, monkeypatch):
    (tmp_path / "newsrag.toml").write_text('top_k = 9\nindex_dir = "from-file"\n'
                                           'corpus_dir = "file-corpus"\n', encoding="utf-8")
    monkeypatch.setenv("NEWSRAG_TOP_K", "7")
    monkeypatch.setenv("NEWSRAG_INDEX_DIR", "from-env")
    s = Settings.load(index_dir="from-option", corpus_dir=None)
    assert s.top_k == 7  # env beats file, and is converted to int
    assert s.index_dir == "from-option"  # an option beats env
    assert s.corpus_dir == "file-corpus"  # a None override leaves the value alone


@pytest.mark.parametrize(
    "toml, message",
    [
        ("colour = 'blue'\n", "unknown setting 'colour'"),
        ("top_k = 'many'\n", "setting 'top_k' must be int"),
        ("top_k = \n", "not valid TOML"),
    ],
)
def test_bad_config_file_names_the_file_and_setting(tmp_path, toml, message):
    path = tmp_path / "bad.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(NewsragError) as err:
        Settings.load(path)
    assert message in str(err.value) and "bad.toml" in str(err.value)


def test_bad_environment_value_names_the_source(monkeypatch):
    monkeypatch.setenv("NEWSRAG_CHUNK_TOKENS", "lots")
    with pytest.raises(NewsragError, match="environment: setting 'chunk_tokens' must be int"):
        Settings.load()


def test_missing_config_file(tmp_path):
    with pytest.raises(NewsragError, match="config file not found"):
        Settings.load(tmp_path / "nope.toml")


def test_unknown_override_is_an_error():
    with pytest.raises(NewsragError, match="option: unknown setting 'colour'"):
        Settings.load(colour="blue")
