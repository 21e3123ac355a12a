#!/bin/sh
# Runs every test under prove: C unit tests (build/tests/unit/*) and the TAP
# shell scripts tests/t/t*.sh. B names the build directory.
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
export B
export PROCSCOPE="$PWD/$B/procscope"
export TOP="$PWD"
units=$(ls "$B"/tests/unit/* 2>/dev/null | grep -v '\.d$')
exec prove --exec '' $units tests/t/t*.sh
