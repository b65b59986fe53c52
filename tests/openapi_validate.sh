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

# install DIR: the validator's packages (deploy/npm-ci) and its script
install () {
    mkdir -p "$1"
    cp "$SOURCE_DIR/validate.mjs" "$1/validate.mjs"
    bash "$SOURCE_DIR/../../deploy/npm-ci" "$SOURCE_DIR" "$1"
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
