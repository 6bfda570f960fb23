#!/usr/bin/env bash
# Regenerates the G.722 golden files from FFmpeg's G.722 coder (Debian
# package ffmpeg, libavcodec "g722"), an implementation independent of
# ours. Run from anywhere: sh media/g722/testdata/gen.sh
#
#   speech.s16         1 s of read speech, 16 kHz s16le (pocketsphinx-testdata
#                      librivox 0880, public domain), from 0.5 s on
#   synth.s16          0.5 s log sweep 50-7950 Hz at -1 dBFS, then 0.25 s of a
#                      440 Hz square and 0.25 s of white noise at SoX synth's
#                      default, near full-scale level
#   random.g722        2000 random octets, every code word including the
#                      unused lower-band codes 0..3
#   X.g722             FFmpeg's encoding of X.s16
#   X.g722.s16         FFmpeg's decoding of X.g722
set -euo pipefail
cd "$(dirname "$0")"
speech=/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0880.wav
raw=(-t raw -e signed -b 16 -c 1 -L)

sox -D "$speech" "${raw[@]}" speech.s16 trim 0.5 1
sox -D -n -r 16000 "${raw[@]}" sweep.tmp synth 0.5 sine 50/7950 vol -1dB
sox -D -n -r 16000 "${raw[@]}" square.tmp synth 0.25 square 440
sox -D -n -r 16000 "${raw[@]}" noise.tmp synth 0.25 whitenoise
cat sweep.tmp square.tmp noise.tmp > synth.s16
rm -f sweep.tmp square.tmp noise.tmp
head -c 2000 /dev/urandom > random.g722

ff=(ffmpeg -hide_banner -loglevel error -nostdin -y)
for x in speech synth; do
	"${ff[@]}" -f s16le -ar 16000 -ac 1 -i "$x.s16" -c:a g722 -bitexact -f g722 "$x.g722"
done
for x in speech synth random; do
	"${ff[@]}" -f g722 -i "$x.g722" -bitexact -f s16le "$x.g722.s16"
done
