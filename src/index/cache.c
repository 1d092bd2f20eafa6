/* cache.c - the cached index of a data directory's lists: parsing the shipped
 * lists takes about a second, opening their index a few milliseconds, so the
 * first use builds the index into a per-user cache file and later uses open
 * it.  A cached index is used only if it holds exactly the sources the
 * manifest names (same ids, formats, dates and file sha256s); anything else
 * (stale, corrupt, built by another embargo) is rebuilt silently. */
#include "embargo.h"
#include "model/db.h"
#include "util/error.h"
#include "util/file.h"
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define STALE(...) emb_error_set(err, EMBARGO_ESTALE, mpath, 0, "sources", __VA_ARGS__)

int embargo_db_check_manifest(const embargo_db *db, const char *data_dir, embargo_error *err)
{
    if (!db) return emb_error_set(err, EMBARGO_EUSAGE, NULL, 0, NULL, "no db");
    const char *dir = data_dir ? data_dir : embargo_default_data_dir();
    char mpath[PATH_MAX];
    snprintf(mpath, sizeof mpath, "%s/manifest.json", dir);
    json_error_t je;
    json_t *root = json_load_file(mpath, 0, &je);
    if (!root) return emb_error_set(err, EMBARGO_EIO, mpath, 0, NULL, "cannot read manifest: %s", je.text);
    json_t *sources = json_object_get(root, "sources");
    int rc = 0;
    size_t k = 0, i;
    json_t *src;
    if (!json_is_array(sources)) { rc = emb_error_set(err, EMBARGO_EPARSE, mpath, 0, "sources", "manifest has no 'sources' array"); goto done; }
    json_array_foreach(sources, i, src) {
        const char *id = json_string_value(json_object_get(src, "id"));
        const char *format = json_string_value(json_object_get(src, "format"));
        const char *as_of = json_string_value(json_object_get(src, "as_of"));
        json_t *files = json_object_get(src, "files");
        if (json_is_false(json_object_get(src, "default"))) continue; /* as the loader does without `only` */
        if (!id || !format || !json_is_array(files)) { rc = emb_error_set(err, EMBARGO_EPARSE, mpath, 0, "sources", "source #%zu needs id, format and files", i + 1); goto done; }
        if (k >= db->n_sources) { rc = STALE("source %s is not in the index", id); goto done; }
        const emb_source_meta *m = &db->sources[k++];
        if (strcmp(m->id, id) != 0) { rc = STALE("the index has source %s where the manifest has %s", m->id, id); goto done; }
        if (strcmp(m->format ? m->format : "", format) != 0) { rc = STALE("source %s: format %s in the index, %s in the manifest", id, m->format, format); goto done; }
        if (as_of && *as_of && strcmp(m->as_of ? m->as_of : "", as_of) != 0) {
            rc = STALE("source %s: as of %s in the index, %s in the manifest", id, m->as_of, as_of);
            goto done;
        }
        if (m->n_files != json_array_size(files)) { rc = STALE("source %s: %zu files in the index, %zu in the manifest", id, m->n_files, json_array_size(files)); goto done; }
        for (size_t f = 0; f < m->n_files; f++) {
            json_t *fo = json_array_get(files, f);
            const char *sha = json_string_value(json_object_get(fo, "sha256"));
            const char *rel = json_string_value(json_object_get(fo, "path"));
            char hex[65];
            if (!sha) { /* no recorded checksum: compare with the file as it is now */
                char full[PATH_MAX];
                snprintf(full, sizeof full, "%s/%s", dir, rel ? rel : "");
                if (emb_file_sha256(full, hex, NULL)) { rc = STALE("source %s: cannot read %s", id, full); goto done; }
                sha = hex;
            }
            if (strcmp(m->sha256[f], sha) != 0) { rc = STALE("source %s: file %zu has changed since the index was built", id, f + 1); goto done; }
        }
    }
    if (k != db->n_sources) rc = STALE("the index has %zu sources, the manifest %zu", db->n_sources, k);
done:
    json_decref(root);
    return rc;
}

/* mkdir -p, ignoring components that exist. */
static int mkdir_p(const char *dir)
{
    char p[PATH_MAX];
    if (snprintf(p, sizeof p, "%s", dir) >= (int)sizeof p) return -1;
    for (char *s = p + 1; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        if (mkdir(p, 0755) && errno != EEXIST) return -1;
        *s = '/';
    }
    if (mkdir(p, 0755) && errno != EEXIST) return -1;
    return 0;
}

static int default_cache_dir(char *out, size_t cap)
{
    const char *x = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    int n;
    if (x && *x == '/') n = snprintf(out, cap, "%s/embargo", x);
    else if (home && *home) n = snprintf(out, cap, "%s/.cache/embargo", home);
    else return -1;
    return n > 0 && (size_t)n < cap ? 0 : -1;
}

int embargo_db_open_default(embargo_db **out, const char *data_dir, const char *cache_dir, embargo_error *err)
{
    if (!out) return emb_error_set(err, EMBARGO_EUSAGE, NULL, 0, NULL, "no output");
    *out = NULL;
    const char *dir = data_dir ? data_dir : embargo_default_data_dir();
    char mpath[PATH_MAX], cdir[PATH_MAX], ipath[PATH_MAX + 64];
    snprintf(mpath, sizeof mpath, "%s/manifest.json", dir);
    int have_cache = 0;
    if (cache_dir ? snprintf(cdir, sizeof cdir, "%s", cache_dir) < (int)sizeof cdir : default_cache_dir(cdir, sizeof cdir) == 0) {
        /* the file name carries the manifest's hash: a new manifest never
         * even looks at the old file */
        char *bytes;
        size_t len;
        if (emb_file_read(mpath, &bytes, &len, NULL) == 0) {
            char hex[65];
            emb_sha256_hex(bytes, len, hex);
            free(bytes);
            snprintf(ipath, sizeof ipath, "%s/default-%.16s.idx", cdir, hex);
            have_cache = 1;
        }
    }
    embargo_db *db = NULL;
    if (have_cache && embargo_db_open(&db, ipath, NULL) == 0) {
        if (embargo_db_check_manifest(db, dir, NULL) == 0) { *out = db; return 0; }
        embargo_db_free(db);
        db = NULL;
    }
    embargo_loader *l;
    if (embargo_loader_new(&l)) return emb_error_set(err, EMBARGO_ENOMEM, NULL, 0, NULL, "out of memory");
    int rc = embargo_loader_add_manifest(l, dir, NULL, err);
    if (!rc) rc = embargo_loader_finish(&db, l, err);
    embargo_loader_free(l);
    if (rc) return rc;
    /* best effort: a cache that cannot be written only costs speed */
    if (have_cache && mkdir_p(cdir) == 0) embargo_db_save(db, ipath, NULL);
    *out = db;
    return 0;
}
