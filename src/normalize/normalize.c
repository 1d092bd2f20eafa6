/* normalize.c - PLACEHOLDER: ASCII-only lowercase tokenizer, replaced by the
 * ICU implementation. */
#include "normalize/normalize.h"
#include "embargo.h"
#include "util/file.h"
#include <ctype.h>
#include <stdlib.h>

struct emb_normalizer { int dummy; };

int emb_normalizer_new(emb_normalizer **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? 0 : EMBARGO_ENOMEM;
}

void emb_normalizer_free(emb_normalizer *n) { free(n); }

long emb_normalize(emb_normalizer *n, const char *in, size_t len, char *out, size_t cap)
{
    (void)n;
    if (!emb_utf8_valid(in, len)) return EMBARGO_EUTF8;
    size_t o = 0;
    int space = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c == '\'') continue;
        if (isalnum(c)) {
            if (space && o) { if (o + 1 >= cap) return EMBARGO_EUSAGE; out[o++] = ' '; }
            space = 0;
            if (o + 1 >= cap) return EMBARGO_EUSAGE;
            out[o++] = (char)tolower(c);
        } else space = 1;
    }
    if (cap) out[o] = '\0';
    return (long)o;
}
