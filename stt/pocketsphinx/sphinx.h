// C helpers for the cgo binding in decoder.go. They exist because
// cmd_ln_init is variadic (cgo cannot call it) and because the library's
// log hook is a variadic callback (cgo cannot implement one in Go).
#ifndef EARSHOT_SPHINX_H
#define EARSHOT_SPHINX_H

#include <pocketsphinx.h>
#include <sphinxbase/cmn.h>

// es_quiet silences the library's process-wide logging and installs a hook
// that keeps the last error message of the calling thread. Call it once
// before any other library call.
void es_quiet(void);

// es_last_error returns the last ERROR/FATAL message logged on the calling
// thread since es_clear_error, or "" if there was none.
const char *es_last_error(void);
void es_clear_error(void);

// es_init parses argv (argv[0] is a program name and is skipped) and
// creates a decoder. The strings in argv must outlive the decoder.
ps_decoder_t *es_init(int argc, char **argv);

// es_cmn returns the live CMN state of the decoder, or NULL when the model
// does no cepstral mean normalisation.
cmn_t *es_cmn(ps_decoder_t *ps);

// es_frate returns the decoder's frame rate in frames per second.
int es_frate(ps_decoder_t *ps);

// es_mean_cep runs a separate front end with the decoder's configuration
// over pcm and writes the mean of the cepstra of the frames its voice
// activity detector keeps (the frames the decoder's CMN would see) to out.
// It returns the number of frames averaged, or -1 on error. Used to
// measure CMN start values; it does not touch the decoder's state.
int es_mean_cep(ps_decoder_t *ps, const int16 *pcm, size_t n, float *out, int out_len);

#endif
