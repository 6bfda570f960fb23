#include "ctl.h"

int enc_set_int(OpusEncoder *e, int req, opus_int32 v) {
	switch (req) {
	case OPUS_SET_BITRATE_REQUEST: return opus_encoder_ctl(e, OPUS_SET_BITRATE(v));
	case OPUS_SET_COMPLEXITY_REQUEST: return opus_encoder_ctl(e, OPUS_SET_COMPLEXITY(v));
	case OPUS_SET_INBAND_FEC_REQUEST: return opus_encoder_ctl(e, OPUS_SET_INBAND_FEC(v));
	case OPUS_SET_PACKET_LOSS_PERC_REQUEST: return opus_encoder_ctl(e, OPUS_SET_PACKET_LOSS_PERC(v));
	case OPUS_SET_DTX_REQUEST: return opus_encoder_ctl(e, OPUS_SET_DTX(v));
	case OPUS_SET_SIGNAL_REQUEST: return opus_encoder_ctl(e, OPUS_SET_SIGNAL(v));
	}
	return OPUS_UNIMPLEMENTED;
}

int enc_get_lookahead(OpusEncoder *e, opus_int32 *v) { return opus_encoder_ctl(e, OPUS_GET_LOOKAHEAD(v)); }

int dec_reset(OpusDecoder *d) { return opus_decoder_ctl(d, OPUS_RESET_STATE); }

int dec_last_duration(OpusDecoder *d, opus_int32 *v) { return opus_decoder_ctl(d, OPUS_GET_LAST_PACKET_DURATION(v)); }
