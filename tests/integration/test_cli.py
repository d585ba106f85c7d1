"""The genx3d command line: help texts, key management, environment twins of the flags, and
configuration precedence (defaults < config file < environment < flags)."""

import json
import re
import socket
import subprocess

import pytest

from genx3d_harness import KEY_RE, create_key, free_port, run_cli

GLOBAL_FLAGS = ["--config", "--data-dir", "--log-level"]


def test_top_level_help_lists_subcommands_and_global_flags(genx3d_bin):
    out = run_cli(genx3d_bin, "--help")
    text = out.stdout + out.stderr
    for word in ["serve", "keys", *GLOBAL_FLAGS]:
        assert word in text, f"--help does not mention {word}:\n{text}"


def test_serve_help_lists_its_flags(genx3d_bin):
    out = run_cli(genx3d_bin, "serve", "--help")
    text = out.stdout + out.stderr
    for word in ["--host", "--port", *GLOBAL_FLAGS]:
        assert word in text, f"serve --help does not mention {word}:\n{text}"


def test_keys_help_lists_its_commands(genx3d_bin):
    out = run_cli(genx3d_bin, "keys", "--help")
    text = out.stdout + out.stderr
    for word in ["create", "list", "revoke", "--name", "--rate-limit"]:
        assert word in text, f"keys --help does not mention {word}:\n{text}"


@pytest.mark.parametrize("args", [["frobnicate"], ["keys", "frobnicate"], ["keys", "create"],
                                  ["serve", "--port", "notaport"],
                                  ["serve", "--log-level", "chatty"]])
def test_bad_command_lines_exit_non_zero_with_a_message(genx3d_bin, tmp_path, args):
    proc = run_cli(genx3d_bin, *args, "--data-dir", tmp_path / "d", check=False, timeout=15)
    assert proc.returncode != 0
    assert proc.stderr.strip(), "a failing command must say why on stderr"


def test_keys_create_prints_the_key_on_the_last_line(genx3d_bin, tmp_path):
    keys = {create_key(genx3d_bin, tmp_path, f"k{i}") for i in range(3)}
    assert len(keys) == 3 and all(KEY_RE.match(k) for k in keys)


def test_keys_list_shows_names_and_ids_but_never_the_key(genx3d_bin, tmp_path):
    key = create_key(genx3d_bin, tmp_path, "build-server", rate_limit=30)
    out = run_cli(genx3d_bin, "keys", "list", "--data-dir", tmp_path).stdout
    assert "build-server" in out
    assert re.search(r"key_[0-9a-f]+", out)
    assert key not in out and key[5:] not in out
    assert not re.search(r"gx3d_[0-9A-Za-z]{40}", out)


def test_keys_revoke_unknown_exits_non_zero(genx3d_bin, tmp_path):
    create_key(genx3d_bin, tmp_path, "only")
    proc = run_cli(genx3d_bin, "keys", "revoke", "key_000000000000000000000000",
                   "--data-dir", tmp_path, check=False)
    assert proc.returncode != 0


def test_env_twins_set_port_and_data_dir(server_factory, tmp_path):
    data = tmp_path / "env-data"
    key = create_key(server_factory.binary, data, "env")
    port = free_port()
    srv = server_factory.make(name="env", pass_flags=False, port=port, data_dir=data,
                              env={"GENX3D_PORT": str(port), "GENX3D_DATA_DIR": str(data)})
    assert srv.get("/api/v1/ai-models", key).status_code == 200


def test_keys_honour_genx3d_data_dir(server_factory, tmp_path):
    data = tmp_path / "env-keys"
    proc = run_cli(server_factory.binary, "keys", "create", "--name", "via-env",
                   env={"GENX3D_DATA_DIR": str(data)})
    key = proc.stdout.strip().splitlines()[-1]
    assert (data / "genx3d.db").exists()
    srv = server_factory.make(name="env-keys", data_dir=data)
    assert srv.get("/api/v1/ai-models", key).status_code == 200


def test_flags_beat_environment_and_environment_beats_config(server_factory, tmp_path):
    flag_port, env_port, config_port = free_port(), free_port(), free_port()
    config = tmp_path / "precedence.json"
    config.write_text(json.dumps({"server": {"port": config_port}}))
    data = tmp_path / "precedence"
    srv = server_factory.make(name="flag-wins", pass_flags=False, port=flag_port, data_dir=data,
                              env={"GENX3D_PORT": str(env_port)},
                              extra_args=["--config", str(config), "--data-dir", str(data),
                                          "--port", str(flag_port)])
    assert srv.healthy()
    srv.stop()
    srv = server_factory.make(name="env-wins", pass_flags=False, port=env_port, data_dir=data,
                              env={"GENX3D_PORT": str(env_port)},
                              extra_args=["--config", str(config), "--data-dir", str(data)])
    assert srv.healthy()
    srv.stop()
    srv = server_factory.make(name="config-port", pass_flags=False, port=config_port,
                              data_dir=data, extra_args=["--config", str(config),
                                                         "--data-dir", str(data)])
    assert srv.healthy()


def test_config_file_via_genx3d_config(server_factory, tmp_path):
    port = free_port()
    data = tmp_path / "cfg-data"
    config = tmp_path / "c.json"
    config.write_text(json.dumps({"data_dir": str(data), "server": {"port": port}}))
    srv = server_factory.make(name="cfg-env", pass_flags=False, port=port, data_dir=data,
                              env={"GENX3D_CONFIG": str(config)})
    assert srv.healthy()
    assert (data / "genx3d.db").exists()


def test_a_bad_config_file_stops_serve_naming_the_member(genx3d_bin, tmp_path):
    config = tmp_path / "bad.json"
    config.write_text(json.dumps({"server": {"port": "eighty"}}))
    proc = run_cli(genx3d_bin, "serve", "--config", config, "--data-dir", tmp_path / "d",
                   "--port", free_port(), check=False, timeout=15)
    assert proc.returncode != 0
    assert "port" in proc.stderr


def test_serve_on_a_busy_port_exits_non_zero(genx3d_bin, tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run([str(genx3d_bin), "serve", "--data-dir", str(tmp_path / "d"),
                               "--port", str(port)], capture_output=True, text=True, timeout=15)
    assert proc.returncode != 0
    assert proc.stderr.strip()


def test_sigterm_stops_serve_cleanly(server_factory):
    srv = server_factory.make(name="sigterm")
    assert srv.stop() == 0
