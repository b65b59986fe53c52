#!/usr/bin/env bash
# tests/openapi_validate.sh: the standard OpenAPI validator of tests.gateway_openapi.
#
#   openapi_validate.sh install DIR         installs it into DIR (npm ci of tests/openapi/,
#                                           versions pinned by its package-lock.json)
#   openapi_validate.sh validate DIR FILE [ANSWERS]
#                                           installs it if needed, then validates FILE (and
#                                           the gateway's ANSWERS against it; see
#                                           tests/openapi/validate.mjs): prints "METHOD PATH"
#                                           per operation; exit 0 valid, 1 not, 2 cannot run
#
# DIR is a folder of the build directory (deploy/test: BUILD_DIR/openapi-validator). An
# install whose package-lock.json is the one in tests/openapi/ is kept, so a second run
# needs no network; npm ci prefers its cache (~/.npm), so a new build directory needs none
# once the packages were fetched. Concurrent runs on one DIR take turns (flock).
set -euo pipefail

SOURCE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/openapi" && pwd -P)"

say () { printf '[openapi_validate] %s\n' "$*" >&2; }

# install DIR
install () {
    local dir="$1" stamp
    mkdir -p "$dir"
    stamp="$(sha256sum "$SOURCE_DIR/package.json" "$SOURCE_DIR/package-lock.json" | sha256sum | cut -c1-64)"
    exec 9>"$dir/.lock"
    flock 9
    cp "$SOURCE_DIR/validate.mjs" "$dir/validate.mjs"
    if [[ -f "$dir/.installed" && "$(cat "$dir/.installed")" == "$stamp" ]]; then
        exec 9>&-
        return 0
    fi
    command -v node >/dev/null 2>&1 || { say "node is not installed (Debian: nodejs)"; return 2; }
    command -v npm >/dev/null 2>&1 || { say "npm is not installed (Debian: npm)"; return 2; }
    say "installing the validator into $dir (npm ci)"
    rm -f "$dir/.installed"
    cp "$SOURCE_DIR/package.json" "$SOURCE_DIR/package-lock.json" "$dir/"
    if ! (cd "$dir" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error >&2); then
        say "npm ci failed in $dir"
        return 2
    fi
    printf '%s\n' "$stamp" >"$dir/.installed"
    exec 9>&-
}

case "${1:-}" in
    install)
        [[ $# -eq 2 ]] || { say "usage: $0 install DIR"; exit 2; }
        install "$2"
        ;;
    validate)
        [[ $# -eq 3 || $# -eq 4 ]] || { say "usage: $0 validate DIR FILE [ANSWERS]"; exit 2; }
        install "$2"
        exec node "$2/validate.mjs" "${@:3}"
        ;;
    *)
        say "usage: $0 install DIR | validate DIR FILE [ANSWERS]"
        exit 2
        ;;
esac
