/* indexfile.h - internals of index files shared with the fuzzer and tests
 * (the public API is embargo_db_save / embargo_db_open in embargo.h). */
#ifndef EMB_INDEXFILE_H
#define EMB_INDEXFILE_H
#include <stdint.h>
#include "embargo.h"

/* Skips the payload checksum, so that a fuzzer's mutations reach the
 * structural validation behind it.  Never for real use. */
#define EMB_OPEN_NO_CHECKSUM 1u

/* embargo_db_open with flags. */
int emb_db_open_flags(embargo_db **out, const char *path, unsigned flags, embargo_error *err);

/* Fingerprint of the token rules an index depends on (classes, skeletons,
 * keys, class weights), computed by running them on probe names: an index
 * whose fingerprint differs was built by another embargo and is refused. */
uint64_t emb_index_rules_fingerprint(void);

#endif
