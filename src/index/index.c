/* index.c - builds token statistics and candidate postings (in progress). */
#include "index/index.h"
#include "model/db.h"
#include <stdio.h>

int emb_index_build(struct embargo_db *db, struct embargo_error *err)
{
    (void)db; (void)err;
    return 0;
}

void emb_index_free_owned(struct embargo_db *db) { (void)db; }

int embargo_db_save(const embargo_db *db, const char *path, embargo_error *err)
{
    (void)db; (void)path;
    if (err) { err->code = EMBARGO_EUSAGE; snprintf(err->msg, sizeof err->msg, "index files are not supported yet"); }
    return EMBARGO_EUSAGE;
}

int embargo_db_open(embargo_db **out, const char *path, embargo_error *err)
{
    (void)out; (void)path;
    if (err) { err->code = EMBARGO_EUSAGE; snprintf(err->msg, sizeof err->msg, "index files are not supported yet"); }
    return EMBARGO_EUSAGE;
}
