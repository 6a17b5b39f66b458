#!/usr/bin/env bash
# README command 2: install what is missing, build, and run the whole test suite with CTest:
#   1. the Release build's tests;
#   2. the same tests built with AddressSanitizer + UndefinedBehaviorSanitizer;
#   3. the threading tests (CTest label "threading") built with ThreadSanitizer;
#   4. every libFuzzer target for a bounded time (EMBEDSCOPE_FUZZ_SECONDS, default 30).
# EMBEDSCOPE_TEST_STAGES selects stages (default "release asan tsan fuzz").
set -euo pipefail
cd "$(dirname "$0")/.."
stages=${EMBEDSCOPE_TEST_STAGES:-release asan tsan fuzz}
scripts/install-deps.sh clang libclang-rt-14-dev
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
jobs=$(nproc)
started=$(date +%s)
stage() { echo; echo "=== $1 ($(($(date +%s) - started)) s so far)"; }

for s in $stages; do
    case $s in
    release)
        stage "Release build and tests"
        scripts/build.sh
        ctest --test-dir build --output-on-failure -j"$jobs"
        ;;
    asan)
        stage "AddressSanitizer + UndefinedBehaviorSanitizer build and tests"
        EMBEDSCOPE_BUILD_DIR=build-asan scripts/build.sh -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DEMBEDSCOPE_SANITIZE=address,undefined
        ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
            LSAN_OPTIONS=suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0 \
            UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
            ctest --test-dir build-asan --output-on-failure -j"$jobs" -LE slow-under-sanitizers
        ;;
    tsan)
        stage "ThreadSanitizer build and threading tests"
        # Only the threading tests are built (and what they need: the libraries, the CLI): the
        # other 60-odd test programs, the app and the benchmarks would take minutes to compile
        # under TSan for nothing. ctest lists the label's tests once the tree is configured.
        tsan_config=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DEMBEDSCOPE_SANITIZE=thread)
        cmake -S . -B build-tsan "${tsan_config[@]}" >/dev/null
        threading_tests=$(ctest --test-dir build-tsan -N -L threading |
            sed -n 's/^ *Test *#[0-9]*: *//p' | tr '\n' ' ')
        [ -n "$threading_tests" ] || { echo "no tests carry the threading label" >&2; exit 1; }
        EMBEDSCOPE_BUILD_DIR=build-tsan EMBEDSCOPE_BUILD_TARGETS="$threading_tests" \
            scripts/build.sh "${tsan_config[@]}"
        # Qt's libraries are not built with TSan: ignore_noninstrumented_modules keeps their
        # internal synchronisation (QtTest's watchdog thread) from being reported as races of
        # ours. The only suppression is the trainer's Hogwild kernel (tests/sanitizers/tsan.supp).
        # die_after_fork=0: tst_compressedcorpus makes its archives with gzip, zstd... through
        # QProcess while QtTest's watchdog thread runs; the child only execs, but TSan would kill
        # it ("starting new threads after multi-threaded fork is not supported").
        TSAN_OPTIONS=suppressions=$PWD/tests/sanitizers/tsan.supp:halt_on_error=1:second_deadlock_stack=1:ignore_noninstrumented_modules=1:die_after_fork=0 \
            ctest --test-dir build-tsan --output-on-failure -j"$jobs" -L threading
        ;;
    fuzz)
        stage "libFuzzer targets, ${EMBEDSCOPE_FUZZ_SECONDS:-30} s each"
        scripts/fuzz.sh "${EMBEDSCOPE_FUZZ_SECONDS:-30}"
        ;;
    *)
        echo "unknown stage '$s'" >&2; exit 2 ;;
    esac
done
stage "done"
