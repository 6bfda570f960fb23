package resample

import "github.com/earshot/earshot/media"

// Convert resamples a whole signal from inRate to outRate and returns
// ceil(len(in)*outRate/inRate) samples aligned with the input (output
// sample j lies at time j/outRate). It allocates the result; use a
// Resampler for streams.
func Convert(in []int16, inRate, outRate int) ([]int16, error) {
	out := make([]int16, 0, ceilDiv(int64(len(in))*int64(max(outRate, 1)), int64(max(inRate, 1))))
	r, err := New(inRate, outRate, media.PCMWriterFunc(func(s []int16) error {
		out = append(out, s...)
		return nil
	}))
	if err != nil {
		return nil, err
	}
	if err := r.WritePCM(in); err != nil {
		return nil, err
	}
	if err := r.Flush(); err != nil {
		return nil, err
	}
	return out, nil
}
