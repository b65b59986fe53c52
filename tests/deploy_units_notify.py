#!/usr/bin/env python3
"""deploy_units_notify: what a daemon tells systemd, read the way systemd reads it.

Binds a unix datagram socket, starts the daemon given with NOTIFY_SOCKET pointing at it and
WATCHDOG_USEC set (as systemd does for Type=notify with WatchdogSec=), then checks:
  - STATUS= lines come while it starts, READY=1 once it serves: at READY=1 it answers
    sf.Health at once (safetyctl status, one attempt);
  - WATCHDOG=1 comes every WATCHDOG_USEC/2, from the loop that answers requests;
  - while the process is stopped (SIGSTOP) no ping comes; after SIGCONT they come again;
  - while only its main thread (the loop that receives requests) is held (ptrace, every
    other thread running) no ping comes either: the pings come from that loop;
  - SIGTERM: STOPPING=1, then the daemon exits with status 0.
Prints its figures as `measured:` lines. Exit 0 when all holds, 1 otherwise.

usage: deploy_units_notify.py --safetyctl CTL --endpoint TCP --log FILE -- DAEMON ARGS...
The daemon's other settings (database, Redis, keys) come from the environment.
"""
import argparse
import ctypes
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

WATCHDOG_USEC = 2_000_000         # systemd's WatchdogSec=2s: a ping every second
READY_WAIT_S = 120                # database, migrations, org catch-up on a loaded machine


def fail(message):
    print(f"deploy_units_notify: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


class Listener:
    """The notification socket, as systemd's: one datagram per sd_notify call."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(path)
        self.messages = []        # (monotonic seconds, {key: value})

    def read(self, timeout):
        """The next datagram within timeout seconds, parsed; None if none came."""
        self.sock.settimeout(max(timeout, 0.001))
        try:
            data = self.sock.recv(4096)
        except socket.timeout:
            return None
        fields = {}
        for line in data.decode("utf-8", "replace").split("\n"):
            if "=" in line:
                key, value = line.split("=", 1)
                fields[key] = value
        self.messages.append((time.monotonic(), fields))
        return fields

    def wait_for(self, key, value, timeout, on_message=None):
        """Reads until a datagram has key=value; returns its time, or None at timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            fields = self.read(deadline - time.monotonic())
            if fields is None:
                continue
            if on_message:
                on_message(fields)
            if fields.get(key) == value:
                return self.messages[-1][0]
        return None

    def pings(self, seconds):
        """The times of the WATCHDOG=1 datagrams during the next seconds."""
        times = []
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            fields = self.read(deadline - time.monotonic())
            if fields and fields.get("WATCHDOG") == "1":
                times.append(time.monotonic())
        return times


PTRACE_DETACH = 17
PTRACE_SEIZE = 0x4206
PTRACE_INTERRUPT = 0x4207
WALL = 0x40000000


def hold_thread(tid):
    """Stops thread tid alone (PTRACE_SEIZE + PTRACE_INTERRUPT: no signal, the process's other
    threads run on); returns a function that lets it go, or None when ptrace is refused."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
    if libc.ptrace(PTRACE_SEIZE, tid, None, None) != 0:
        return None
    if libc.ptrace(PTRACE_INTERRUPT, tid, None, None) != 0:
        libc.ptrace(PTRACE_DETACH, tid, None, None)
        return None
    os.waitpid(tid, WALL)

    def release():
        libc.ptrace(PTRACE_DETACH, tid, None, None)
    return release


def health(ctl, endpoint):
    """One sf.Health attempt, as deploy/up's; True when the daemon answered."""
    done = subprocess.run([ctl, "--endpoint", endpoint, "--timeout-ms", "3000", "status"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)
    return done.returncode == 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--safetyctl", required=True)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("daemon", nargs="+")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="sf-notify.")
    listener = Listener(os.path.join(work, "notify.sock"))
    env = dict(os.environ, NOTIFY_SOCKET=listener.sock.getsockname(), WATCHDOG_USEC=str(WATCHDOG_USEC))
    env.pop("WATCHDOG_PID", None)
    started = time.monotonic()
    with open(args.log, "ab") as log:
        daemon = subprocess.Popen(args.daemon, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        statuses = []

        def on_message(fields):
            if "STATUS" in fields:
                statuses.append(fields["STATUS"])
            if daemon.poll() is not None:
                fail(f"the daemon exited with status {daemon.returncode} before READY=1")

        ready = listener.wait_for("READY", "1", READY_WAIT_S, on_message)
        if ready is None:
            fail(f"no READY=1 within {READY_WAIT_S} s (statuses: {statuses})")
        answered = health(args.safetyctl, args.endpoint)
        print(f"measured: READY=1 {ready - started:.2f} s after the start; statuses before it: {statuses}")
        if not answered:
            fail("READY=1 came but the daemon does not answer sf.Health")
        if not statuses or not any(s.startswith("serving on") for s in statuses):
            fail(f"no STATUS=serving on ... with READY=1 (statuses: {statuses})")
        if len(statuses) < 3:
            fail(f"fewer than 3 STATUS lines while starting: {statuses}")

        pings = listener.pings(6)
        gaps = [b - a for a, b in zip(pings, pings[1:])]
        interval = WATCHDOG_USEC / 2e6
        if len(pings) < 4:
            fail(f"{len(pings)} WATCHDOG=1 in 6 s with WATCHDOG_USEC={WATCHDOG_USEC} (one a second expected)")
        print(f"measured: {len(pings)} WATCHDOG=1 in 6 s, every {sum(gaps) / len(gaps):.3f} s on average, "
              f"longest gap {max(gaps):.3f} s (expected {interval:.1f} s)")
        if max(gaps) > 3 * interval:
            fail(f"a gap of {max(gaps):.2f} s between pings (expected {interval:.1f} s)")

        daemon.send_signal(signal.SIGSTOP)
        time.sleep(0.2)
        while listener.read(0.05) is not None:
            pass
        stopped_pings = listener.pings(4)
        daemon.send_signal(signal.SIGCONT)
        print(f"measured: {len(stopped_pings)} WATCHDOG=1 in 4 s while the daemon was stopped (SIGSTOP)")
        if stopped_pings:
            fail(f"{len(stopped_pings)} pings came while the daemon was stopped")
        resumed = listener.wait_for("WATCHDOG", "1", 5)
        if resumed is None:
            fail("no WATCHDOG=1 within 5 s after SIGCONT")

        release = hold_thread(daemon.pid)
        if release is None:
            print("measured: holding the main thread alone skipped: ptrace refused")
        else:
            try:
                time.sleep(0.2)
                while listener.read(0.05) is not None:
                    pass
                held_pings = listener.pings(4)
            finally:
                release()
            threads = len(os.listdir(f"/proc/{daemon.pid}/task"))
            print(f"measured: {len(held_pings)} WATCHDOG=1 in 4 s while the main thread alone was held "
                  f"({threads - 1} other threads running)")
            if held_pings:
                fail(f"{len(held_pings)} pings came while the loop's thread was held: they do not come from it")
            if listener.wait_for("WATCHDOG", "1", 5) is None:
                fail("no WATCHDOG=1 within 5 s after the main thread was let go")

        term = time.monotonic()
        daemon.send_signal(signal.SIGTERM)
        stopping = listener.wait_for("STOPPING", "1", 20)
        if stopping is None:
            fail("no STOPPING=1 within 20 s of SIGTERM")
        try:
            status = daemon.wait(30)
        except subprocess.TimeoutExpired:
            fail("the daemon did not exit within 30 s of STOPPING=1")
        print(f"measured: STOPPING=1 {stopping - term:.3f} s after SIGTERM, exit status {status} "
              f"{time.monotonic() - term:.2f} s after it")
        if status != 0:
            fail(f"exit status {status} after SIGTERM")
        print("deploy_units_notify: ok")
    finally:
        if daemon.poll() is None:
            daemon.send_signal(signal.SIGCONT)
            daemon.kill()
            daemon.wait()
        listener.sock.close()
        os.unlink(os.path.join(work, "notify.sock"))
        os.rmdir(work)


if __name__ == "__main__":
    main()
