// Wrappers for the variadic opus_encoder_ctl/opus_decoder_ctl, which cgo
// cannot call directly: one function per request used by package opus.
#include <opus.h>

int enc_set_int(OpusEncoder *e, int req, opus_int32 v);
int enc_get_lookahead(OpusEncoder *e, opus_int32 *v);
int dec_reset(OpusDecoder *d);
int dec_last_duration(OpusDecoder *d, opus_int32 *v);
