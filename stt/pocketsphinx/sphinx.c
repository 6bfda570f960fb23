// See sphinx.h.
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <pocketsphinx.h>
#include <sphinxbase/cmd_ln.h>
#include <sphinxbase/err.h>
#include <sphinxbase/feat.h>
#include <sphinxbase/fe.h>
#include <stdlib.h>

#include "sphinx.h"

// A decoder is used by one goroutine at a time and cgo runs each C call on
// one OS thread, so a thread-local buffer attributes a message to the call
// that caused it without any shared state.
static __thread char es_err[512];

static void
es_log_cb(void *user_data, err_lvl_t lvl, const char *fmt, ...)
{
    va_list ap;

    (void)user_data;
    // Informational messages are dropped: besides noise they may echo
    // hypotheses (-backtrace). Errors name files and options only.
    if (lvl < ERR_ERROR)
        return;
    va_start(ap, fmt);
    vsnprintf(es_err, sizeof(es_err), fmt, ap);
    va_end(ap);
}

void
es_quiet(void)
{
    err_set_logfp(NULL);
    err_set_callback(es_log_cb, NULL);
}

const char *
es_last_error(void)
{
    return es_err;
}

void
es_clear_error(void)
{
    es_err[0] = '\0';
}

ps_decoder_t *
es_init(int argc, char **argv)
{
    cmd_ln_t *config;
    ps_decoder_t *ps;

    config = cmd_ln_parse_r(NULL, ps_args(), argc, argv, TRUE);
    if (config == NULL)
        return NULL;
    ps = ps_init(config);
    // ps_init keeps its own reference when it succeeds.
    cmd_ln_free_r(config);
    return ps;
}

cmn_t *
es_cmn(ps_decoder_t *ps)
{
    feat_t *feat = ps_get_feat(ps);

    if (feat == NULL || feat->cmn == CMN_NONE)
        return NULL;
    return feat->cmn_struct;
}

int
es_frate(ps_decoder_t *ps)
{
    return cmd_ln_int32_r(ps_get_config(ps), "-frate");
}

int
es_mean_cep(ps_decoder_t *ps, const int16 *pcm, size_t n, float *out, int out_len)
{
    enum { BLOCK = 256 };
    fe_t *fe;
    mfcc_t *rows, *cep[BLOCK];
    double sum[64] = { 0 };
    long count = 0;
    int ncep, i, j;

    if ((fe = fe_init_auto_r(ps_get_config(ps))) == NULL)
        return -1;
    ncep = fe_get_output_size(fe);
    if (ncep > out_len || ncep > 64) {
        fe_free(fe);
        return -1;
    }
    rows = calloc((size_t)BLOCK * ncep, sizeof(*rows));
    if (rows == NULL) {
        fe_free(fe);
        return -1;
    }
    for (i = 0; i < BLOCK; i++)
        cep[i] = rows + i * ncep;

    fe_start_stream(fe);
    fe_start_utt(fe);
    while (n > 0) {
        int32 nfr = BLOCK;
        size_t before = n;

        if (fe_process_frames(fe, &pcm, &n, cep, &nfr, NULL) < 0)
            break;
        for (i = 0; i < nfr; i++)
            for (j = 0; j < ncep; j++)
                sum[j] += cep[i][j];
        count += nfr;
        if (nfr == 0 && n == before)
            break;
    }
    free(rows);
    fe_free(fe);
    if (count == 0)
        return 0;
    for (j = 0; j < ncep; j++)
        out[j] = (float)(sum[j] / count);
    return (int)count;
}
