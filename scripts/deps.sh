#!/usr/bin/env bash
# Installs the Debian packages Earshot needs when they are missing.
#   scripts/deps.sh build   what `make build` / `make run` need
#   scripts/deps.sh test    plus what `make test` needs (test speech, sipp, sox, databases)
# As root it runs apt-get; otherwise it prints the exact command to run.
set -euo pipefail
set_name=${1:-build}

build_pkgs=(gcc make pkg-config libopus-dev libpocketsphinx-dev libsphinxbase-dev pocketsphinx-en-us)
test_pkgs=(pocketsphinx pocketsphinx-testdata sox sip-tester postgresql redis-server chromium)
case "$set_name" in
build) want=("${build_pkgs[@]}") ;;
test) want=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
*) echo "deps.sh: unknown package set '$set_name' (want build or test)" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if ((${#missing[@]})); then
	cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
	if [ "$(id -u)" -ne 0 ]; then
		echo "Earshot needs these Debian packages: ${missing[*]}" >&2
		echo "Run as root:  $cmd" >&2
		exit 1
	fi
	echo "deps.sh: installing ${missing[*]}" >&2
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Go itself: the module's toolchain line asks for a recent Go. Debian's own
# golang package is older; any Go >= 1.21 fetches the exact toolchain from
# the Go module proxy by itself (GOTOOLCHAIN=auto).
if ! command -v go >/dev/null 2>&1 && [ ! -x /usr/local/go/bin/go ]; then
	echo "deps.sh: no Go toolchain found; install Go >= 1.21 (e.g. Debian bookworm-backports golang-1.23-go)" >&2
	echo "         and put it on PATH; it will fetch the toolchain go.mod names through the module proxy." >&2
	exit 1
fi
