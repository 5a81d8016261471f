"""deploy/serve.py: the restart rule, the supervisor's state file and the nginx config it writes."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time

import pytest

from deploy.serve import (
    RESTART_WINDOW,
    TEMPLATE,
    Server,
    host_options,
    interface_addresses,
    main,
    render_config,
    restart_delay,
    serving_names,
)


def test_restart_delay_doubles_within_the_window_and_never_gives_up():
    exits: list[float] = []
    delays = []
    for n in range(12):
        now = float(n)
        delays.append(restart_delay(exits, now, first=1, cap=60))
        exits.append(now)
    assert delays == [0, 1, 2, 4, 8, 16, 32, 60, 60, 60, 60, 60]
    # A worker that ran quietly for a whole window starts afresh.
    assert restart_delay(exits, 11 + RESTART_WINDOW, first=1, cap=60) == 0
    assert restart_delay([0.0], RESTART_WINDOW - 1, first=0.5, cap=60) == 0.5


class Sleepers(Server):
    """A Server whose 'workers' are sleeping Python processes (no Streamlit, no nginx)."""

    def start_worker(self, i: int) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)


@pytest.fixture
def sleepers(tmp_path):
    server = Sleepers(2, "127.0.0.1", 0, 0, tmp_path, "nginx", tmp_path / "none.py", backoff=(0.3, 0.6))
    server.processes = [(f"worker w{i}", server.start_worker(i)) for i in range(2)]
    server.write_state()
    yield server
    for _, process in server.processes:
        process.kill()
        process.wait()


def _state(server: Server) -> dict:
    return json.loads((server.run_dir / "serve.json").read_text())


def test_an_exited_worker_is_started_again_and_the_state_file_follows(sleepers):
    first = _state(sleepers)["pids"]
    assert first == {what: p.pid for what, p in sleepers.processes}
    waits = []
    for round_ in range(4):
        victim = sleepers.processes[1][1]
        victim.kill()
        time.sleep(0.1)
        sleepers.check()  # notes the exit (and, the first time, starts it again at once)
        state = _state(sleepers)
        assert state["pids"]["worker w0"] == first["worker w0"]
        if round_:
            assert "worker w1" not in state["pids"] and state["down"]["worker w1"]["exit_code"] == -9
            waits.append(state["down"]["worker w1"]["restart_in_s"])
        deadline = time.monotonic() + 5
        while "worker w1" in sleepers.due and time.monotonic() < deadline:
            time.sleep(0.05)
            sleepers.check()
        state = _state(sleepers)
        assert state["pids"]["worker w1"] == sleepers.processes[1][1].pid != victim.pid
        assert sleepers.processes[1][1].poll() is None
        assert state["restarts"] == {"worker w1": round_ + 1} and state["down"] == {}
    assert waits == [0.3, 0.6, 0.6]


def test_the_access_log_format_has_no_query_string(tmp_path):
    config = render_config(
        TEMPLATE.read_text(), run_dir=tmp_path, listen="127.0.0.1:1", workers=[2, 3], body_mb=200, as_root=False
    )
    log_format = config.split("log_format axbelt", 1)[1].split(";", 1)[0]
    assert "$request_method $axbelt_log_path $server_protocol" in log_format
    for leak in ("$request ", '$request"', "$request_uri", "$args", "$query_string", "$uri", "$http_referer"):
        assert leak not in log_format, leak


def test_serving_names():
    assert serving_names("127.0.0.1") == ["localhost", "127.0.0.1"]
    assert serving_names("10.1.2.3", ["AXBELT.example.go.kr.", " "]) == [
        "localhost",
        "127.0.0.1",
        "10.1.2.3",
        "axbelt.example.go.kr",
    ]
    assert serving_names("0.0.0.0", ["axbelt.example.go.kr"]) == ["localhost", "127.0.0.1", "axbelt.example.go.kr"]
    # Every interface and no name given: the machine's own name and addresses, looked up nowhere.
    everywhere = serving_names("0.0.0.0")
    assert socket.gethostname().lower() in everywhere and "127.0.0.1" in everywhere
    assert set(interface_addresses()) <= set(everywhere)
    assert host_options(["localhost", "a.example"]) == [
        "--server.allowedHosts",
        "localhost",
        "--server.allowedHosts",
        "a.example",
    ]


def test_nginx_answers_only_its_names_and_forbids_framing(tmp_path):
    config = render_config(
        TEMPLATE.read_text(),
        run_dir=tmp_path,
        listen="0.0.0.0:1",
        workers=[2],
        body_mb=200,
        as_root=False,
        hosts=["localhost", "axbelt.example.go.kr"],
    )
    known = config.split("map $host $axbelt_known_host {", 1)[1].split("}", 1)[0]
    assert [line.strip() for line in known.strip().splitlines()] == [
        "default 0;",
        '"localhost" 1;',
        '"axbelt.example.go.kr" 1;',
    ]
    assert "return 421;" in config and "return 403;" in config
    assert """add_header Content-Security-Policy "frame-ancestors 'self'" always;""" in config


def test_server_name_must_be_a_host_name(capsys):
    with pytest.raises(SystemExit):
        main(["--server-name", 'x"; return 200; "', "--nginx", "nginx"])
    assert "--server-name" in capsys.readouterr().err
