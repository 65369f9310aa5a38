#!/usr/bin/env python3
"""Latency of `quire serve`: from a file's rename (as an editor saves) to the
reload event on the Server-Sent Events stream.

usage: serve_latency.py QUIRE_BIN SITE_DIR PLAYBOOK_REL_PATH [RUNS]

Starts the server on port 0, connects to /__quire/events, then RUNS times
rewrites the playbook through a temporary file and a rename, and measures
until the `reload` message arrives. Prints the median and the spread.
"""
import json
import os
import socket
import statistics
import subprocess
import sys
import time


def main():
    binary, site, rel = sys.argv[1], sys.argv[2], sys.argv[3]
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    server = subprocess.Popen([binary, "serve", "--port", "0", "--root", site], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline()
        port = int(line.split("127.0.0.1:")[1].split("/")[0])
        sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        sock.sendall(b"GET /__quire/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
        stream = sock.makefile("rb")

        def next_message():
            while True:
                raw = stream.readline()
                if not raw:
                    raise SystemExit("the server closed the stream")
                if raw.startswith(b"data: "):
                    return json.loads(raw[6:])

        next_message()  # the status sent on connect
        path = os.path.join(site, rel)
        original = open(path, encoding="utf-8").read()
        times = []
        for i in range(runs):
            text = original + f"\n\n第 {i} 次修改。\n"
            with open(path + ".tmp-save", "w", encoding="utf-8") as f:
                f.write(text)
            start = time.perf_counter()
            os.rename(path + ".tmp-save", path)
            while next_message()["action"] != "reload":
                pass
            times.append((time.perf_counter() - start) * 1000)
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        print(f"{rel}: median {statistics.median(times):.0f} ms, min {min(times):.0f} ms, max {max(times):.0f} ms over {runs} saves")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
