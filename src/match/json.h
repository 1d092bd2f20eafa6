/* json.h - jansson objects for matches and entities (internal; the public
 * API returns them as strings), and the number formatting of the direct
 * match writer. */
#ifndef EMB_JSON_H
#define EMB_JSON_H
#include <jansson.h>
#include <stddef.h>
#include "embargo.h"

json_t *emb_match_to_json(const embargo_db *db, const embargo_match *m, int explain);
json_t *emb_entity_to_json(const embargo_db *db, uint32_t index);

/* Room for any real as text, with its NUL. */
#define EMB_JSON_REAL_MAX 32
/* Writes v as jansson's json_dumps prints a real ("%.17g", ".0" added to
 * integral values, exponent without '+' or leading zeros) and returns the
 * length.  emb_json_real computes the digits in integer arithmetic for the
 * usual magnitudes and falls back to emb_json_real_slow (snprintf) outside
 * them; both give the same text for every double. */
size_t emb_json_real(char out[EMB_JSON_REAL_MAX], double v);
size_t emb_json_real_slow(char out[EMB_JSON_REAL_MAX], double v);

#endif
