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


# The child pauses the moment MODULE starts to load, says so on stderr and waits for the test's
# Ctrl-C: the signal lands at a known point of malicli's start-up, every run. (A Ctrl-C before
# malicli's first line, while the interpreter itself starts, is Python's to report, not malicli's.)
PAUSE_AT = """
import sys, time

class PauseAt:
    def find_spec(self, name, path=None, target=None):
        if name == {module!r}:
            sys.meta_path.remove(self)
            sys.stderr.write("PAUSED\\n")
            sys.stderr.flush()
            time.sleep(60)
        return None

sys.meta_path.insert(0, PauseAt())
sys.argv = ["malicli", *{args!r}]
"""
ENTRY_POINTS = {
    # what ``python -m malicli`` does
    "python -m": "import runpy\nrunpy.run_module('malicli', run_name='__main__', alter_sys=True)\n",
    # what the installed console script does
    "console script": "from malicli import run\nsys.exit(run())\n",
}
START_UP = [
    ("malicli.cli", ["--version"]),  # the first module malicli loads
    ("click", ["--version"]),  # a library, while the command line loads
    ("sqlite3", ["battle", "list", "--json"]),  # during the command, when it opens the database
]


@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
@pytest.mark.parametrize("module,args", START_UP, ids=[m for m, _ in START_UP])
def test_ctrl_c_during_start_up_exits_130(db, entry, module, args):
    env = os.environ | {"PYTHONPATH": str(ROOT), "MALICLI_DB": str(db)}
    code = PAUSE_AT.format(module=module, args=args) + ENTRY_POINTS[entry]
    proc = subprocess.Popen(
        [sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert proc.stderr.readline() == "PAUSED\n", f"{module} was never loaded"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert "Traceback" not in err, err
    assert err.strip() == "Interrupted."  # click starts a new line after the ^C first
    assert out == ""
    assert proc.returncode == 130


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
