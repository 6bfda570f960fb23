#!/usr/bin/env bash
# Regenerates sox_dtmf.wav, an in-band DTMF test sequence made with SoX
# (Debian package sox), independently of the test's own tone generator.
# Run from anywhere: sh media/dtmf/testdata/gen.sh
#
# The sequence is "147*2580369#ABCD0": each key is SoX's synth of its row
# and column sines (ITU-T Q.23), mixed to mono, 70 ms long, followed by
# 60 ms of silence, at 8 kHz 16-bit. The peak of each sine steps down from
# -9 to -30 dBFS (-6 to -27 dBm0) in 3 dB steps, to cover the detector's
# range, and the last key is 40 ms long, the shortest a Q.24 receiver must
# accept.
set -euo pipefail
cd "$(dirname "$0")"
seq="147*2580369#ABCD0"
declare -A row=([1]=697 [2]=697 [3]=697 [A]=697 [4]=770 [5]=770 [6]=770 [B]=770
	[7]=852 [8]=852 [9]=852 [C]=852 ['*']=941 [0]=941 ['#']=941 [D]=941)
declare -A col=([1]=1209 [4]=1209 [7]=1209 ['*']=1209 [2]=1336 [5]=1336 [8]=1336 [0]=1336
	[3]=1477 [6]=1477 [9]=1477 ['#']=1477 [A]=1633 [B]=1633 [C]=1633 [D]=1633)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
parts=()
for ((i = 0; i < ${#seq}; i++)); do
	k=${seq:i:1}
	len=0.07
	if ((i == ${#seq} - 1)); then len=0.04; fi
	gain=$((-3 - (i % 8) * 3))
	# A two-channel null input gets one full-scale sine per channel;
	# "remix 1,2" mixes them into one channel at half amplitude each
	# (-6 dBFS peak), then "gain" sets the level.
	sox -D -r 8000 -c 2 -n -b 16 -e signed "$tmp/$i.wav" \
		synth "$len" sine "${row[$k]}" sine "${col[$k]}" remix 1,2 gain "$gain" pad 0 0.06
	parts+=("$tmp/$i.wav")
done
sox -D "${parts[@]}" sox_dtmf.wav
