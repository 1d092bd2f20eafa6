/* screen.h - what the library's own tools may ask of a screening context
 * beyond embargo.h. */
#ifndef EMB_SCREEN_H
#define EMB_SCREEN_H
#include "embargo.h"
#include <stdint.h>

/* Forgets what the context remembers between queries (the fuzzy-key
 * memo), so that the next queries run as on a new context: a benchmark
 * that repeats its queries measures them as first met. */
void emb_ctx_forget(embargo_ctx *ctx);
/* Sizes the memo (2^slots_log2 slots, at most half of them used; an arena
 * of arena_words), empty; slots_log2 0: no memo at all (every word's keys
 * judged every time); EMBARGO_EUSAGE for sizes out of range.  Tests make
 * it tiny, so that it fills and starts over often, or turn it off. */
int emb_ctx_memo_size(embargo_ctx *ctx, unsigned slots_log2, uint32_t arena_words);
/* How often the memo answered for a word's key (since the context began). */
uint64_t emb_ctx_memo_hits(const embargo_ctx *ctx);

#endif
