/* items.h - splitting one spreadsheet cell that enumerates several values
 * ("a) Afghanistan b) Pakistan", "(1) 223611 (2) C00146605",
 * "1) Saudi Arabia 2) Qatar", "12/03/1970; 01/01/1971") into its items. */
#ifndef EMB_ITEMS_H
#define EMB_ITEMS_H
#include <stddef.h>

/* Receives one trimmed, non-empty item (NUL-terminated, valid during the call). */
typedef int (*emb_item_fn)(void *ctx, const char *item);

/* Calls fn for each item of `v`.  Items are delimited by enumeration markers
 * at a word start: "a)", "(a)", "1)", "(1)", "12)" (one lowercase letter or
 * one or two digits), and by any of the NULL-terminated `seps` strings (may be
 * NULL).  A value without markers is one item.  Stops at the first nonzero
 * return of fn and returns it; -1 on allocation failure. */
int emb_items_split(const char *v, const char *const *seps, emb_item_fn fn, void *ctx);

#endif
