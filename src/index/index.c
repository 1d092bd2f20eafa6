/* index.c - builds token statistics and candidate postings (in progress). */
#include "index/index.h"
#include "model/db.h"

int emb_index_build(struct embargo_db *db, struct embargo_error *err)
{
    (void)db; (void)err;
    return 0;
}

void emb_index_free_owned(struct embargo_db *db) { (void)db; }
