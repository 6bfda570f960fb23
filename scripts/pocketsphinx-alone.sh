#!/usr/bin/env bash
# CPU cost of pocketsphinx alone on the audio a G.711 load test call
# carries: the five LibriVox utterances, each through a mu-law round trip
# and back to 16 kHz (what Earshot's narrowband path feeds its decoder),
# with 1 s of silence after each, repeated REPEAT times, decoded by
# pocketsphinx_continuous with the model and end-of-utterance setting
# Earshot uses. The decoder's start-up (model load) is measured on 1 s of
# silence and subtracted. Prints CPU seconds per second of audio.
set -euo pipefail
REPEAT=${REPEAT:-4}
LIBRIVOX=/usr/share/pocketsphinx/test/data/librivox
MODEL=/usr/share/pocketsphinx/model/en-us
command -v pocketsphinx_continuous >/dev/null || { echo "pocketsphinx-alone.sh: install the pocketsphinx package (make deps-test)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
parts=()
for r in $(seq 1 "$REPEAT"); do
	for f in "$LIBRIVOX"/*.wav; do
		b=$(basename "$f" .wav)
		[ -f "$tmp/$b.ul.wav" ] || {
			sox "$f" -r 8000 -e mu-law "$tmp/$b.ul.wav"
			sox "$tmp/$b.ul.wav" -r 16000 -e signed -b 16 "$tmp/$b.16k.wav" pad 0 1
		}
		parts+=("$tmp/$b.16k.wav")
	done
done
sox "${parts[@]}" "$tmp/all.wav"
sox -n -r 16000 -e signed -b 16 -c 1 "$tmp/silence.wav" trim 0 1
args=(-hmm "$MODEL/en-us" -lm "$MODEL/en-us.lm.bin" -dict "$MODEL/cmudict-en-us.dict" -samprate 16000 -vad_postspeech 60 -logfn /dev/null)
# bash's own time: user and system CPU of the decoder process.
cpu() {
	local TIMEFORMAT='%U %S'
	{ time pocketsphinx_continuous "${args[@]}" -infile "$1" >"$tmp/hyp" 2>/dev/null; } 2>"$tmp/t"
	awk '{print $1+$2}' "$tmp/t"
}
load=$(cpu "$tmp/silence.wav")
total=$(cpu "$tmp/all.wav")
audio=$(soxi -D "$tmp/all.wav")
words=$(wc -w <"$tmp/hyp")
awk -v t="$total" -v l="$load" -v a="$audio" -v w="$words" 'BEGIN {
	printf "pocketsphinx_continuous: %.1f s of audio, %d words out, %.2f CPU-s total, %.2f CPU-s start-up\n", a, w, t, l
	printf "cpu_s_per_audio_s %.4f\n", (t - l) / a
}'
