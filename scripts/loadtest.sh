#!/usr/bin/env bash
# Runs one load test scenario against a fresh local `earshot serve` and
# writes the report. `make loadtest` runs the standard one; every setting
# can be changed from the environment:
#
#   CALLS=6 HOLD=60s STT=pocketsphinx scripts/loadtest.sh
#   CALLS=400 RATE=50 HOLD=30s STT=none scripts/loadtest.sh
#   CALLS=400 RATE=50 HOLD=30s STT=bare scripts/loadtest.sh
#
# STT=none runs the gateway without a recogniser (media path only);
# STT=bare replaces the gateway with a bare UDP receive loop (one socket
# and goroutine per call, counting datagrams) fed the same RTP without
# signalling: the floor the media path is compared with.
#
# EXTRA adds loadtest flags, SERVE_EXTRA serve flags (SERVE_EXTRA=--stt-fast-finals).
# SERVER_CPUS and TESTER_CPUS (taskset lists, e.g. 0 and 1) pin the
# gateway and the tester to their own cores, so that the gateway's
# capacity per core is measured without the tester competing for it.
#
# The speech is the five LibriVox utterances of Debian's
# pocketsphinx-testdata with their reference texts, copied into OUT/audio.
# Reports: OUT/NAME.json and OUT/NAME.html (OUT defaults to out/loadtest).
set -euo pipefail
cd "$(dirname "$0")/.."

CALLS=${CALLS:-4}
RATE=${RATE:-1}
HOLD=${HOLD:-60s}
STT=${STT:-pocketsphinx}
CODEC=${CODEC:-pcmu}
STREAMS=${STREAMS:-$CALLS}
OUT=${OUT:-out/loadtest}
NAME=${NAME:-${STT}-${CODEC}-${CALLS}calls}
SIP_PORT=${SIP_PORT:-5390}
HTTP_PORT=${HTTP_PORT:-8390}
EXTRA=${EXTRA:-}
SERVE_EXTRA=${SERVE_EXTRA:-}
SERVER_CPUS=${SERVER_CPUS:-}
TESTER_CPUS=${TESTER_CPUS:-}
pin() { if [ -n "$1" ]; then echo taskset -c "$1"; fi; }
BIN=bin/earshot
LIBRIVOX=/usr/share/pocketsphinx/test/data/librivox

[ -x "$BIN" ] || make -s build
mkdir -p "$OUT/audio"
if [ ! -f "$LIBRIVOX/transcription" ]; then
	echo "loadtest.sh: $LIBRIVOX missing: run 'make deps-test' (pocketsphinx-testdata)" >&2
	exit 1
fi
# transcription lines read "<s> words </s> (file-id)".
while read -r line; do
	id=${line##*(}; id=${id%)}
	text=${line#<s> }; text=${text%% </s>*}
	cp "$LIBRIVOX/$id.wav" "$OUT/audio/$id.wav"
	printf '%s\n' "$text" >"$OUT/audio/$id.txt"
done <"$LIBRIVOX/transcription"
audio=$(ls "$OUT"/audio/*.wav | paste -sd, -)

if [ "$STT" = bare ]; then
	$(pin "$SERVER_CPUS") "$BIN" loadtest --sink "127.0.0.1:20000-$((20000 + 2 * CALLS))" >"$OUT/$NAME.serve.log" 2>&1 &
	server=$!
	trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT
	sleep 1
	status=0
	$(pin "$TESTER_CPUS") "$BIN" loadtest --target "rtp:127.0.0.1:20000-$((20000 + 2 * CALLS))" --calls "$CALLS" --rate "$RATE" \
		--hold "$HOLD" --codec "$CODEC" --audio "$audio" --pid "$server" --json "$OUT/$NAME.json" --html "$OUT/$NAME.html" $EXTRA || status=$?
	kill -INT $server; wait $server || true
	cat "$OUT/$NAME.serve.log"
	echo "report: $OUT/$NAME.html"
	exit $status
fi

data=$(mktemp -d /tmp/earshot-loadtest.XXXXXX)
token=loadtest-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
$(pin "$SERVER_CPUS") "$BIN" serve --data-dir "$data/data" --sip-addr "127.0.0.1:$SIP_PORT" --http-addr "127.0.0.1:$HTTP_PORT" \
	--admin-token "$token" --stt "$STT" --stt-streams "$STREAMS" --rtp-ports 20000-32767 \
	--log-level warn $SERVE_EXTRA >"$OUT/$NAME.serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do
	(exec 3<>"/dev/tcp/127.0.0.1/$HTTP_PORT") 2>/dev/null && break
	kill -0 $server 2>/dev/null || { cat "$OUT/$NAME.serve.log" >&2; exit 1; }
	sleep 0.1
done

status=0
EARSHOT_TOKEN=$token $(pin "$TESTER_CPUS") "$BIN" loadtest --target "sip:bot@127.0.0.1:$SIP_PORT" --calls "$CALLS" --rate "$RATE" \
	--hold "$HOLD" --codec "$CODEC" --audio "$audio" --events "ws://127.0.0.1:$HTTP_PORT/api/v1/events" \
	--pid "$server" --json "$OUT/$NAME.json" --html "$OUT/$NAME.html" $EXTRA || status=$?
echo "report: $OUT/$NAME.html"
exit $status
