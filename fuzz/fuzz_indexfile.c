/* fuzz_indexfile.c - embargo_db_open on arbitrary bytes.  Each input is
 * opened twice: as is (the checksum turns nearly every mutation away) and
 * with the checksum skipped, so that mutations reach the structural checks;
 * a file that opens is then read and screened, which must not crash. */
#include "embargo.h"
#include "index/indexfile.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void exercise(const embargo_db *db)
{
    for (size_t i = 0; i < embargo_db_source_count(db); i++) {
        embargo_source_info si;
        embargo_db_source(db, i, &si);
    }
    size_t n = embargo_db_entity_count(db);
    for (uint32_t i = 0; i < n && i < 64; i++) {
        embargo_entity e;
        embargo_db_entity(db, i, &e);
        for (size_t j = 0; j < e.n_names; j++) { embargo_name nm; embargo_db_entity_name(db, i, j, &nm); }
        for (size_t j = 0; j < e.n_attrs; j++) { embargo_attr at; embargo_db_entity_attr(db, i, j, &at); }
        char *js = NULL;
        if (embargo_entity_json(&js, db, i) == 0) free(js);
    }
    embargo_ctx *ctx;
    if (embargo_ctx_new(&ctx, db)) return;
    static const char *const names[] = {"Sun Science International", "ROSALIN", "Ivan Petrov", "a b c d"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        embargo_query q = {0};
        q.name = names[i];
        q.dob = "1970";
        q.country = "ru";
        embargo_screen_opts o = EMBARGO_SCREEN_OPTS_INIT;
        o.min_score = 0.1;
        o.exhaustive = (int)(i & 1);
        const embargo_match *m;
        size_t k;
        embargo_screen(ctx, &q, &o, &m, &k, NULL);
    }
    embargo_ctx_free(ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/embargo-fuzz-idx-XXXXXX.idx";
    int fd = mkstemps(path, 4);
    if (fd < 0) return 0;
    FILE *f = fdopen(fd, "wb");
    if (!f) { close(fd); unlink(path); return 0; }
    fwrite(data, 1, size, f);
    fclose(f);
    for (unsigned flags = 0; flags < 2; flags++) {
        embargo_db *db = NULL;
        embargo_error err;
        if (emb_db_open_flags(&db, path, flags ? EMB_OPEN_NO_CHECKSUM : 0, &err) == 0) {
            exercise(db);
            embargo_db_free(db);
        }
    }
    unlink(path);
    return 0;
}
