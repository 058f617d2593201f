#!/usr/bin/env bash
# Fetches a benchmark corpus of real Python code from Debian packages into bench-corpus/.
# Idempotent: a package already unpacked is left as it is. Nothing is installed system-wide:
# the .deb files are downloaded into a temporary folder and unpacked with `dpkg -x`.
#
#   npm run bench:corpus            # then: npm run bench -- <a folder it prints>
#
# Packages (Debian 12 "bookworm" names; override with BENCH_PACKAGES="a b c"):
#   python3-django           Django            -> usr/lib/python3/dist-packages/django
#   libpython3.11-stdlib     CPython's Lib/    -> usr/lib/python3.11
#   libpython3.11-testsuite  CPython's Lib/test -> usr/lib/python3.11/test (and the other
#                            packages' tests: usr/lib/python3.11/{ctypes,idlelib,...}/test*)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="$root/bench-corpus"
packages=(${BENCH_PACKAGES:-python3-django libpython3.11-stdlib libpython3.11-testsuite})

for tool in apt-get apt-cache dpkg; do
  command -v "$tool" >/dev/null || { echo "fetch-corpus: '$tool' is needed (a Debian-based system)" >&2; exit 1; }
done

has_candidate() {
  local candidate
  candidate="$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { print $2 }')"
  [[ -n "$candidate" && "$candidate" != "(none)" ]]
}

mkdir -p "$corpus"
missing=()
for pkg in "${packages[@]}"; do
  [[ -f "$corpus/$pkg/.unpacked" ]] || missing+=("$pkg")
done

if ((${#missing[@]} > 0)); then
  # apt needs its package lists; refresh them once if any package has no candidate version.
  for pkg in "${missing[@]}"; do
    if ! has_candidate "$pkg"; then
      echo "fetch-corpus: no candidate for $pkg; running apt-get update" >&2
      apt-get update -qq
      break
    fi
  done
  for pkg in "${missing[@]}"; do
    if ! has_candidate "$pkg"; then
      echo "fetch-corpus: Debian has no package '$pkg' here; look for its name with: apt-cache search <word>" >&2
      exit 1
    fi
  done

  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  # apt-get download writes into the current folder; as root it drops privileges to _apt,
  # which must be able to write there.
  chmod 0777 "$tmp"
  (cd "$tmp" && apt-get download -q "${missing[@]}")
  for pkg in "${missing[@]}"; do
    deb=("$tmp/${pkg}"_*.deb)
    [[ -f "${deb[0]}" ]] || { echo "fetch-corpus: download of $pkg produced no .deb" >&2; exit 1; }
    rm -rf "$corpus/$pkg"
    mkdir -p "$corpus/$pkg"
    dpkg -x "${deb[0]}" "$corpus/$pkg"
    basename "${deb[0]}" >"$corpus/$pkg/.unpacked"
    echo "fetch-corpus: unpacked $(basename "${deb[0]}")" >&2
  done
fi

# Prints the folder holding each package's Python sources, with its file and line counts.
report() {
  local label="$1" dir="$2" files lines
  if [[ ! -d "$dir" ]]; then
    echo "fetch-corpus: expected folder missing: $dir" >&2
    return
  fi
  files="$(find "$dir" -name '*.py' -type f | wc -l)"
  lines="$(find "$dir" -name '*.py' -type f -print0 | xargs -0 cat | wc -l)"
  printf '%-22s %6d .py files %9d lines  %s\n' "$label" "$files" "$lines" "${dir#"$root"/}"
}

echo
echo "Corpus folders (pass one or more to: npm run bench -- DIR...):"
for pkg in "${packages[@]}"; do
  case "$pkg" in
    python3-django) report "Django" "$corpus/$pkg/usr/lib/python3/dist-packages/django" ;;
    libpython3.*-stdlib)
      v="${pkg#libpython}"; v="${v%-stdlib}"
      report "CPython Lib/" "$corpus/$pkg/usr/lib/python$v" ;;
    libpython3.*-testsuite)
      v="${pkg#libpython}"; v="${v%-testsuite}"
      report "CPython Lib/test" "$corpus/$pkg/usr/lib/python$v/test"
      # The package also holds the tests of ctypes, idlelib, lib2to3, tkinter, unittest, ….
      report "CPython all tests" "$corpus/$pkg/usr/lib/python$v" ;;
    *)
      # Another package: every top-level folder holding .py files.
      find "$corpus/$pkg" -name '*.py' -type f -printf '%h\n' | sort -u | head -n 1 |
        while read -r dir; do report "$pkg" "$dir"; done ;;
  esac
done
