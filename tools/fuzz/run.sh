#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ and runs one of them.
#
#   tools/fuzz/run.sh [--rev REV] [--build-only] preset|reducer|data [seconds] [extra libFuzzer flags...]
#
#   preset   FuzzPresetLoader: bytes as a preset file (seeds: Tests/HostileCorpus, presets/, Fuzz/corpus/preset)
#   reducer  FuzzReducer: bytes as a session of keys, clicks, wheel, resizes, ticks (seeds: Fuzz/corpus/reducer)
#   data     FuzzDataFiles: a format byte, then a PNG, JPEG, .npy, .npz or .safetensors file (seeds: Fuzz/corpus/data)
#   seconds  -max_total_time (default 60)
#   --rev REV  fuzz the sources of a git revision (exported into .build-fuzz/src-REV, with Fuzz/ copied from
#              the work tree) instead of the work tree: use it while the tree is mid-edit and does not build.
#   --build-only  build, print the binary's path, and stop.
#   Extra flags go to libFuzzer, e.g. -fork=1 -ignore_crashes=1 to go on after a crash, -runs=N.
#   FUZZ_WORK_BUDGET (reducer) ends sessions whose convolution grows past it. See docs/fuzzing.md.
#   To reproduce a crash: build with --build-only, then run the printed binary on the file.
#
# Everything built or found goes under .build-fuzz/ (git-ignored):
#   .build-fuzz/build[-REV]/release/Fuzz*    the instrumented binaries (libFuzzer + AddressSanitizer)
#   .build-fuzz/corpus/<target>/             the growing working corpus (first corpus dir: libFuzzer adds here)
#   .build-fuzz/artifacts/<target>/          crash-*, timeout-*, oom-*, slow-unit-* inputs
#   .build-fuzz/logs/<target>-<date>.log     the run's output
# Minimised crashes worth keeping go in Fuzz/regressions/<target>/ (see docs/fuzzing.md).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rev=""
build_only=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rev) rev="$2"; shift 2 ;;
        --build-only) build_only=1; shift ;;
        -h|--help) sed -n '2,/^set /p' "$0" | grep '^#'; exit 0 ;;
        *) break ;;
    esac
done
target="${1:-}"
seconds="${2:-60}"
shift $(( $# >= 2 ? 2 : $# ))
case "$target" in
    preset) product=FuzzPresetLoader ;;
    reducer) product=FuzzReducer ;;
    data) product=FuzzDataFiles ;;
    *) echo "usage: $0 [--rev REV] [--build-only] preset|reducer|data [seconds] [libFuzzer flags...]" >&2; exit 2 ;;
esac

work="$root/.build-fuzz"
mkdir -p "$work"
source_root="$root"
scratch="$work/build"
if [[ -n "$rev" ]]; then
    sha="$(git -C "$root" rev-parse --short=12 "$rev^{commit}")"
    source_root="$work/src-$sha"
    scratch="$work/build-$sha"
    if [[ ! -f "$source_root/.exported" ]]; then   # export once, so rebuilds stay incremental
        rm -rf "$source_root"
        mkdir -p "$source_root"
        git -C "$root" archive "$sha" | tar -x -C "$source_root"
        touch "$source_root/.exported"
    fi
    rm -rf "$source_root/Fuzz"
    mkdir -p "$source_root/Fuzz"
    cp -R -p "$root/Fuzz/Package.swift" "$root/Fuzz/Sources" "$source_root/Fuzz/"   # -p: unchanged files stay unchanged
    echo "fuzzing revision $sha (exported to $source_root)"
fi

# -sanitize=fuzzer instruments the Swift code for coverage and links libFuzzer's main; -parse-as-library
# because the targets have no main. -Xcc instruments the C code too (Yams' libyaml) for coverage and ASan.
flags=(-c release --package-path "$source_root/Fuzz" --scratch-path "$scratch"
       -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
       -Xcc -fsanitize=fuzzer-no-link,address)
# SwiftPM keeps its build plan when files are added to or removed from the main package (a path dependency
# here), and then fails on the missing or unknown module: plan afresh every time.
rm -f "$scratch/release.yaml"
echo "+ swift build ${flags[*]} --product $product"
swift build "${flags[@]}" --product "$product"
binary="$scratch/release/$product"
if [[ $build_only == 1 ]]; then echo "$binary"; exit 0; fi

corpus="$work/corpus/$target"
artifacts="$work/artifacts/$target"
logs="$work/logs"
mkdir -p "$corpus" "$artifacts" "$logs"
seeds=("$root/Fuzz/corpus/$target")
extra=()
if [[ $target == preset ]]; then
    # The hostile corpus holds seeds up to 600 KB; -max_len keeps the first 16 KB of each (enough for deep
    # nesting and long lines) so mutation stays fast. The shipped presets are good, valid seeds.
    seeds+=("$root/Tests/HostileCorpus" "$root/presets")
    extra+=(-dict="$root/Fuzz/preset.dict" -max_len=16384)
fi
if [[ $target == data ]]; then
    extra+=(-max_len=65536)   # room for a small deflated image or archive
fi
if [[ $target == reducer ]]; then
    extra+=(-max_len=1024)   # up to ~500 events a session: deep enough, and several times faster than 4 KB
fi
log="$logs/$target-$(date -u +%Y%m%dT%H%M%SZ).log"
cmd=("$binary" -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=10 -print_final_stats=1
     -artifact_prefix="$artifacts/" "${extra[@]}" "$@" "$corpus" "${seeds[@]}")
echo "+ ${cmd[*]}" | tee "$log"
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"   # let libFuzzer, not the Swift backtracer, handle crashes
cd "$work"   # relative image: paths in fuzzed presets resolve here, away from the repository
set +e
"${cmd[@]}" 2>&1 | tee -a "$log"
status=${PIPESTATUS[0]}
set -e
echo "log: $log   corpus: $(ls "$corpus" | wc -l) files, $(du -sh "$corpus" | cut -f1)   artifacts: $artifacts"
exit "$status"
