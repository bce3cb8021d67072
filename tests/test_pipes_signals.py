"""Pipes that close early and Ctrl-C: quiet endings, documented exit codes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from .conftest import ROOT


@pytest.mark.parametrize(
    "args",
    [["timeline"], ["timeline", "--json"], ["search", "--nl", "--limit", "500"], ["battle", "list", "--csv"]],
)
def test_pipe_closed_after_the_first_line_ends_quietly(db, args):
    env = os.environ | {"PYTHONPATH": str(ROOT), "MALICLI_DB": str(db)}
    proc = subprocess.run(
        f"{sys.executable} -m malicli {' '.join(args)} 2>err.txt | head -1; cat err.txt",
        shell=True,
        env=env,
        capture_output=True,
        text=True,
        cwd=db.parent,
    )
    lines = proc.stdout.splitlines()
    assert len(lines) == 1, proc.stdout  # the first line, then nothing on stderr
    assert "Traceback" not in proc.stdout and "BrokenPipe" not in proc.stdout


def test_pipe_exit_status_is_success(db):
    env = os.environ | {"PYTHONPATH": str(ROOT), "MALICLI_DB": str(db)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "malicli", "timeline"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0
    assert err == ""


def test_ctrl_c_exits_130_without_a_traceback(tmp_path):
    extra = tmp_path / "many"
    extra.mkdir()
    overview = (ROOT / "seeds" / "mali-war-overview.txt").read_text()
    for i in range(150):  # long documents: a build of several seconds
        (extra / f"overview-{i}.txt").write_text(overview)
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    db = tmp_path / "malicli.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "malicli", "--db", str(db), "db", "build", "--source", str(extra)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(0.8)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    if proc.returncode == 0:  # the build finished before the signal: nothing to check
        pytest.skip("the build ended before Ctrl-C arrived")
    assert proc.returncode == 130
    assert "Traceback" not in err
    assert "Interrupted." in err
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_ctrl_c_during_start_up_exits_130(tmp_path):
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    for delay in (0.0, 0.02, 0.05):
        proc = subprocess.Popen(
            [sys.executable, "-m", "malicli", "--version"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode in (0, 130, -signal.SIGINT)
        assert "Traceback" not in err


@pytest.mark.parametrize(
    "args",
    [
        ["battle", "list"],
        ["battle", "list", "--csv"],
        ["timeline", "--json"],
        ["battle", "show", "Battle of Ber"],
    ],
)
def test_pipe_closed_before_the_first_write_exits_zero_quietly(db, args):
    """`malicli battle list | head -0`: the reader is gone before malicli writes."""
    env = os.environ | {"PYTHONPATH": str(ROOT), "MALICLI_DB": str(db)}
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will ever read: the first write fails with EPIPE
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "malicli", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""


def test_head_zero_in_a_shell(db):
    env = os.environ | {"PYTHONPATH": str(ROOT), "MALICLI_DB": str(db)}
    proc = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m malicli battle list | head -0; echo status=${{PIPESTATUS[0]}}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.stdout == "status=0\n" and proc.stderr == ""
