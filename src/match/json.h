/* json.h - jansson objects for matches and entities (internal; the public
 * API returns them as strings). */
#ifndef EMB_JSON_H
#define EMB_JSON_H
#include <jansson.h>
#include "embargo.h"

json_t *emb_match_to_json(const embargo_db *db, const embargo_match *m, int explain);
json_t *emb_entity_to_json(const embargo_db *db, uint32_t index);

#endif
