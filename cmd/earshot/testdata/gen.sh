#!/usr/bin/env bash
# Regenerates the synthetic test speech (Debian packages festival and
# festvox-kallpc16k). The card number is the Luhn-valid test number
# 4539 1488 0343 6467; it is read in four groups with pauses.
set -euo pipefail
cd "$(dirname "$0")"
text="my card number is four five three nine, one four eight eight, zero three four three, six four six seven. thank you"
echo "$text" | text2wave -o card.tmp.wav
sox card.tmp.wav -r 16000 -b 16 -c 1 card.wav
rm card.tmp.wav
echo "my card number is four five three nine one four eight eight zero three four three six four six seven thank you" > card.txt
# A phone number read in groups, for the recording-mute tests.
text="you can reach me on my mobile number, four five two three, four five six seven, eight nine. thank you"
echo "$text" | text2wave -o phone.tmp.wav
sox phone.tmp.wav -r 16000 -b 16 -c 1 phone.wav
rm phone.tmp.wav
