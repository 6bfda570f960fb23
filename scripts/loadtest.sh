#!/usr/bin/env bash
# Runs one load test scenario against a fresh local `earshot serve` and
# writes the report. `make loadtest` runs the standard one; every setting
# can be changed from the environment:
#
#   CALLS=6 HOLD=60s STT=pocketsphinx scripts/loadtest.sh
#   CALLS=400 RATE=50 HOLD=30s STT=none scripts/loadtest.sh
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

data=$(mktemp -d /tmp/earshot-loadtest.XXXXXX)
token=loadtest-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
"$BIN" serve --data-dir "$data/data" --sip-addr "127.0.0.1:$SIP_PORT" --http-addr "127.0.0.1:$HTTP_PORT" \
	--admin-token "$token" --stt "$STT" --stt-streams "$STREAMS" --rtp-ports 20000-32767 \
	--log-level warn >"$OUT/$NAME.serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do
	curl -sf "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null 2>&1 && break
	kill -0 $server 2>/dev/null || { cat "$OUT/$NAME.serve.log" >&2; exit 1; }
	sleep 0.1
done

status=0
EARSHOT_TOKEN=$token "$BIN" loadtest --target "sip:bot@127.0.0.1:$SIP_PORT" --calls "$CALLS" --rate "$RATE" \
	--hold "$HOLD" --codec "$CODEC" --audio "$audio" --events "ws://127.0.0.1:$HTTP_PORT/api/v1/events" \
	--pid "$server" --json "$OUT/$NAME.json" --html "$OUT/$NAME.html" $EXTRA || status=$?
echo "report: $OUT/$NAME.html"
exit $status
