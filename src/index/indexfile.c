/* indexfile.c - index files (embargo build / --index). */
#include "model/db.h"
#include "util/error.h"

int embargo_db_save(const embargo_db *db, const char *path, embargo_error *err)
{
    (void)db;
    return emb_error_set(err, EMBARGO_EUSAGE, path, 0, NULL, "index files are not supported yet");
}

int embargo_db_open(embargo_db **out, const char *path, embargo_error *err)
{
    (void)out;
    return emb_error_set(err, EMBARGO_EUSAGE, path, 0, NULL, "index files are not supported yet");
}
