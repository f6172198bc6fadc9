from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.config import load_config, option_names
from newsdesk.pipeline.errors import ConfigError

DOCS = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"


def test_defaults_derive_paths_from_data_dir(tmp_path: Path) -> None:
    config = load_config({"NEWSDESK_DATA_DIR": str(tmp_path)})
    assert config.data_dir == tmp_path
    assert config.database_url == f"sqlite:///{tmp_path / 'newsdesk.sqlite3'}"
    assert (tmp_path / "secret_key").read_text() == config.secret_key
    assert load_config({"NEWSDESK_DATA_DIR": str(tmp_path)}).secret_key == config.secret_key


def test_environment_overrides_toml_file(tmp_path: Path) -> None:
    toml = tmp_path / "newsdesk.toml"
    toml.write_text('[newsdesk]\nworkers = 3\nallow_networks = ["127.0.0.0/8"]\nhost_delay = 2\n')
    env = {
        "NEWSDESK_DATA_DIR": str(tmp_path),
        "NEWSDESK_CONFIG": str(toml),
        "NEWSDESK_WORKERS": "5",
    }
    config = load_config(env)
    assert config.workers == 5
    assert config.allow_networks == ("127.0.0.0/8",)
    assert config.host_delay == 2.0
    assert config.fetch_options.allow_networks == ("127.0.0.0/8",)


def test_secret_from_file(tmp_path: Path) -> None:
    secret = tmp_path / "key"
    secret.write_text("s3cret-value\n")
    env = {"NEWSDESK_DATA_DIR": str(tmp_path), "NEWSDESK_SECRET_KEY_FILE": str(secret)}
    assert load_config(env).secret_key == "s3cret-value"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("NEWSDESK_WORKERS", "many", "NEWSDESK_WORKERS"),
        ("NEWSDESK_WORKERS", "0", "greater than 0"),
        ("NEWSDESK_DEBUG", "perhaps", "boolean"),
        ("NEWSDESK_ALLOW_NETWORKS", "not-a-network", "NEWSDESK_ALLOW_NETWORKS"),
        ("NEWSDESK_QUEUE", "carrier-pigeon", "one of"),
        ("NEWSDESK_DATABASE_URL", "mysql://x/y", "only sqlite"),
    ],
)
def test_bad_values_name_the_variable(tmp_path: Path, name: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config({"NEWSDESK_DATA_DIR": str(tmp_path), name: value})


def test_unknown_file_option_is_an_error(tmp_path: Path) -> None:
    toml = tmp_path / "c.toml"
    toml.write_text("wokers = 3\n")
    with pytest.raises(ConfigError, match="wokers"):
        load_config({"NEWSDESK_DATA_DIR": str(tmp_path)}, path=toml)


def test_broken_toml_is_a_clear_error(tmp_path: Path) -> None:
    toml = tmp_path / "c.toml"
    toml.write_text("workers = = 3\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config({"NEWSDESK_DATA_DIR": str(tmp_path)}, path=toml)


def test_every_option_is_documented() -> None:
    docs = DOCS.read_text()
    missing = [name for name in option_names() if f"`{name}`" not in docs]
    assert missing == []
