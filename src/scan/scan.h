/* scan.h - internals of free-text scanning (see scan.c for the method): the
 * text segmenter (words with byte offsets, grouped into sentences), the word
 * lists of words.c, and the scan state kept in an embargo_ctx. */
#ifndef EMB_SCAN_H
#define EMB_SCAN_H
#include <stddef.h>
#include <stdint.h>
#include "embargo.h"

struct emb_normalizer;
struct emb_scan_state;

/* ---- word lists (words.c), normalized, NULL-terminated ---- */
typedef struct emb_scan_alias { const char *from, *to; } emb_scan_alias;
extern const char *const emb_scan_common_words[];
extern const char *const emb_scan_title_words[];
extern const char *const emb_scan_place_words[];
extern const emb_scan_alias emb_scan_country_aliases[]; /* ends with {NULL, NULL} */

/* ---- segmenter ---- */

/* Word flags. */
enum {
    EMB_W_CAP = 1,          /* first letter is uppercase (or titlecase) */
    EMB_W_ALLCAPS = 2,      /* has letters, none lowercase, at least two of them */
    EMB_W_LOWER = 4,        /* has a lowercase letter */
    EMB_W_CASELESS = 8,     /* letters of a script without case (Arabic, Han...) */
    EMB_W_GAP_PUNCT = 16,   /* punctuation (not only spaces) between the previous word and this one */
    EMB_W_GAP_PAREN = 32,   /* an opening parenthesis or bracket just before this word */
    EMB_W_LONG = 64,        /* longer than any name token: never matched */
    EMB_W_ASCII = 128       /* only ASCII bytes */
};

typedef struct emb_word {
    size_t start, end;      /* byte offsets in the text; a possessive 's is left out */
    unsigned flags;
} emb_word;

/* Splits UTF-8 text into sentences of words.  Any bytes are accepted:
 * an invalid UTF-8 sequence is a separator (counted in `invalid`), so the
 * offsets always refer to the bytes as given.  A line break is whitespace; a
 * blank line, or ". ! ?" followed by a capital (not after an abbreviation
 * or an initial), ends a sentence; so does reaching `cap` words. */
typedef struct emb_segmenter {
    const char *text;
    size_t len, pos;
    size_t invalid;         /* invalid bytes seen so far */
} emb_segmenter;

void emb_segmenter_init(emb_segmenter *s, const char *text, size_t len);
/* Fills out[0..*n) with the next sentence's words (at most cap) and its byte
 * range.  Returns 1 if a sentence was produced, 0 at the end of the text. */
int emb_segment_next(emb_segmenter *s, emb_word *out, size_t cap, size_t *n, size_t *sent_start,
                     size_t *sent_end);

/* ---- state kept in the ctx ---- */
void emb_scan_state_free(struct emb_scan_state *st);

/* Accessors of embargo_ctx (match/screen.c). */
const embargo_db *emb_ctx_db(const embargo_ctx *ctx);
struct emb_normalizer *emb_ctx_normalizer(embargo_ctx *ctx);
struct emb_scan_state **emb_ctx_scan_slot(embargo_ctx *ctx);

#endif
