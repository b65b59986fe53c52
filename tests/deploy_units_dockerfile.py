#!/usr/bin/env python3
"""deploy_units_dockerfile: the rules hadolint (not in Debian) would check that matter to us,
on deploy/container/Dockerfile, with the instructions parsed (continuation lines joined):
  - every FROM names a tag (not latest) of debian:bookworm*; the build is multi-stage, the
    last stage is the runtime one and copies from the build stage (DL3006, DL3007);
  - apt-get install has -y and --no-install-recommends, and its RUN removes
    /var/lib/apt/lists (DL3014, DL3015, DL3009); no apt-get upgrade, no sudo (DL3005, DL3004);
  - the runtime stage has no -dev package, no compiler, and installs the library packages
    every daemon links (libczmq4 ... libsystemd0);
  - the runtime stage switches to a non-root USER (DL3002) and has a HEALTHCHECK in exec form
    calling safetyctl ... status; WORKDIR paths are absolute (DL3000); COPY, not ADD (DL3020);
  - CMD and ENTRYPOINT in exec (JSON) form (DL3025).
Exit 0 when all hold, 1 with each broken rule on stderr."""
import json
import re
import sys

RUNTIME_LIBRARIES = {"libczmq4", "libzmq5", "libprotobuf-c1", "libhiredis0.14", "libpq5", "libsodium23",
                     "libxlsxwriter4", "libcurl4", "libmicrohttpd12", "libvips42", "libqrencode4", "libsystemd0"}


def instructions(text):
    """(line, INSTRUCTION, arguments) with continuation lines joined and comments left out."""
    result, pending, start = [], "", 0
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if pending and stripped.startswith("#"):
            continue
        if not pending:
            start = number
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        whole = pending + stripped
        pending = ""
        word, _, rest = whole.partition(" ")
        result.append((start, word.upper(), rest.strip()))
    return result


def main(path):
    problems = []
    stages = []                    # [{"name", "base", "instructions": [...]}]
    for line, word, rest in instructions(open(path, encoding="utf-8").read()):
        if word == "FROM":
            match = re.match(r"(\S+)(?:\s+AS\s+(\S+))?$", rest, re.IGNORECASE)
            if not match:
                problems.append(f"{line}: FROM {rest}: cannot parse")
                continue
            stages.append({"base": match.group(1), "name": match.group(2), "instructions": []})
            continue
        if not stages:
            if word != "ARG":
                problems.append(f"{line}: {word} before the first FROM")
            continue
        stages[-1]["instructions"].append((line, word, rest))

    if len(stages) < 2:
        problems.append("not a multi-stage build (a build stage, then a runtime stage)")
    for stage in stages:
        base = stage["base"]
        if not re.match(r"debian:bookworm[\w.-]*$", base):
            problems.append(f"FROM {base}: the stages start from a tagged debian:bookworm image")
        for line, word, rest in stage["instructions"]:
            if word == "RUN" and "apt-get" in rest:
                for command in re.split(r"&&|;", rest):
                    if re.search(r"apt-get\s+(\S+\s+)*install", command):
                        if not re.search(r"(\s-y\b|--yes|--assume-yes)", command):
                            problems.append(f"{line}: apt-get install without -y")
                        if "--no-install-recommends" not in command:
                            problems.append(f"{line}: apt-get install without --no-install-recommends")
                    if re.search(r"apt-get\s+(dist-)?upgrade", command):
                        problems.append(f"{line}: apt-get upgrade in an image")
                if "install" in rest and "rm -rf /var/lib/apt/lists" not in rest:
                    problems.append(f"{line}: the RUN that installs does not remove /var/lib/apt/lists")
            if word == "RUN" and re.search(r"\bsudo\b", rest):
                problems.append(f"{line}: sudo in RUN")
            if word == "ADD":
                problems.append(f"{line}: ADD where COPY will do")
            if word == "WORKDIR" and not rest.startswith("/"):
                problems.append(f"{line}: WORKDIR {rest} is not absolute")
            if word in ("CMD", "ENTRYPOINT"):
                try:
                    if not isinstance(json.loads(rest), list):
                        raise ValueError
                except ValueError:
                    problems.append(f"{line}: {word} not in exec (JSON) form")

    if stages:
        runtime = stages[-1]
        words = [word for _, word, _ in runtime["instructions"]]
        installed = set()
        for line, word, rest in runtime["instructions"]:
            if word == "RUN":
                for command in re.split(r"&&|;", rest):
                    match = re.search(r"apt-get\s+(?:\S+\s+)*?install\s+(.*)", command)
                    if match:
                        installed |= {w for w in match.group(1).split() if not w.startswith("-")}
        for package in sorted(installed):
            if package.endswith("-dev") or package in ("build-essential", "gcc", "cmake", "clang", "npm", "nodejs"):
                problems.append(f"runtime stage installs {package}: build tools and -dev packages stay in the build stage")
        missing = RUNTIME_LIBRARIES - installed
        if missing:
            problems.append(f"runtime stage lacks the libraries {sorted(missing)}")
        users = [rest for _, word, rest in runtime["instructions"] if word == "USER"]
        if not users or users[-1].split(":")[0] in ("root", "0"):
            problems.append("the runtime stage does not switch to a non-root USER")
        if not any(word == "COPY" and "--from=" in rest for _, word, rest in runtime["instructions"]):
            problems.append("the runtime stage copies nothing from the build stage")
        checks = [rest for _, word, rest in runtime["instructions"] if word == "HEALTHCHECK"]
        if len(checks) != 1:
            problems.append(f"{len(checks)} HEALTHCHECK in the runtime stage (one expected)")
        else:
            command = checks[0].split("CMD", 1)[-1].strip()
            try:
                argv = json.loads(command)
            except ValueError:
                argv = None
            if not argv or argv[0] != "safetyctl" or "status" not in argv or "--endpoint" not in argv:
                problems.append(f"HEALTHCHECK {checks[0]}: expected exec form safetyctl --endpoint ... status")
        if "CMD" not in words and "ENTRYPOINT" not in words:
            problems.append("the runtime stage has no CMD")

    for line in problems:
        print(f"deploy_units_dockerfile: {path}: {line}", file=sys.stderr)
    print(f"measured: Dockerfile {len(stages)} stages, {sum(len(s['instructions']) for s in stages)} instructions, "
          f"{len(problems)} broken rule(s)")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
