#!/bin/sh
# Regenerates the SoX-written fixtures in this folder (Debian package sox).
# Run from media/wav: `go generate` or `sh testdata/gen.sh`.
set -eu
cd "$(dirname "$0")"
# -D: no dither, so mu-law/A-law bytes are exactly G.711 of tone8k.wav.
sox -D -n -r 8000 -b 16 -c 1 tone8k.wav synth 0.05 sine 440 vol 0.5
sox -D tone8k.wav -e mu-law tone8k-ulaw.wav
sox -D tone8k.wav -e a-law tone8k-alaw.wav
# Stereo: left = tone, right = tone at half level.
sox -D tone8k.wav -c 2 tone8k-stereo.wav remix 1 1v0.5
# More than two channels makes SoX write WAVE_FORMAT_EXTENSIBLE.
sox -D -n -r 16000 -b 16 -c 3 ext3ch.wav synth 0.01 sine 440 vol 0.5
# Written to a pipe: the header keeps SoX's placeholder sizes.
sox -D -n -r 16000 -b 16 -c 1 -t wav - synth 0.01 sine 1000 vol 0.5 | cat > pipe.wav
# Unsupported encodings.
sox -D -n -r 8000 -e float -b 32 -c 1 float32.wav synth 0.01 sine 440
sox -D -n -r 8000 -b 24 -c 1 pcm24.wav synth 0.01 sine 440
sox -D -n -r 8000 -e ima-adpcm -c 1 adpcm.wav synth 0.01 sine 440
