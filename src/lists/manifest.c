/* manifest.c - data/manifest.json: the shipped lists, with for each source
 * its id, format, as-of date, origin URL and files with their sha256.  A file
 * whose sha256 differs from the manifest is refused: the as-of date printed to
 * an analyst must be the date of the bytes actually screened. */
#include "embargo.h"
#include "util/error.h"
#include "util/file.h"
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef EMBARGO_SOURCE_DIR
#define EMBARGO_SOURCE_DIR "."
#endif

const char *embargo_default_data_dir(void)
{
    const char *env = getenv("EMBARGO_DATA");
    if (env && *env) return env;
    static const char *candidates[] = {EMBARGO_SOURCE_DIR "/data", "/usr/local/share/embargo", "/usr/share/embargo"};
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
        char p[PATH_MAX];
        struct stat st;
        snprintf(p, sizeof p, "%s/manifest.json", candidates[i]);
        if (stat(p, &st) == 0) return candidates[i];
    }
    return candidates[0];
}

static int in_list(const char *list, const char *id) { return emb_list_has(list, id); }

int embargo_loader_add_manifest(embargo_loader *l, const char *data_dir, const char *only,
                                embargo_error *err)
{
    char mpath[PATH_MAX];
    snprintf(mpath, sizeof mpath, "%s/manifest.json", data_dir ? data_dir : embargo_default_data_dir());
    json_error_t je;
    json_t *root = json_load_file(mpath, 0, &je);
    if (!root)
        return emb_error_set(err, je.line > 0 ? EMBARGO_EPARSE : EMBARGO_EIO, mpath, (unsigned long)(je.line > 0 ? je.line : 0),
                             NULL, "cannot read manifest: %s", je.text);
    json_t *sources = json_object_get(root, "sources");
    int rc = 0;
    if (!json_is_array(sources)) {
        rc = emb_error_set(err, EMBARGO_EPARSE, mpath, 0, "sources", "manifest has no 'sources' array");
        goto done;
    }
    /* the sources, parsed beside each other (embargo_loader_add_sources),
     * which checks each file against its recorded sha256 as it reads it */
    size_t ns = json_array_size(sources), nspec = 0;
    embargo_source_spec *specs = calloc(ns + 1, sizeof *specs);
    char ***paths = calloc(ns + 1, sizeof *paths);
    if (!specs || !paths) {
        rc = emb_error_set(err, EMBARGO_ENOMEM, mpath, 0, NULL, "out of memory");
        goto free_specs;
    }
    size_t i;
    json_t *src;
    json_array_foreach(sources, i, src) {
        const char *id = json_string_value(json_object_get(src, "id"));
        const char *format = json_string_value(json_object_get(src, "format"));
        const char *as_of = json_string_value(json_object_get(src, "as_of"));
        json_t *files = json_object_get(src, "files");
        if (!id || !format || !json_is_array(files) || json_array_size(files) == 0) {
            rc = emb_error_set(err, EMBARGO_EPARSE, mpath, 0, "sources", "source #%zu needs id, format and files", i + 1);
            goto free_specs;
        }
        if (!in_list(only, id)) continue;
        if (json_is_false(json_object_get(src, "default")) && !(only && *only)) continue;
        size_t nf = json_array_size(files);
        /* the paths (owned), then the recorded sha256s (the manifest's) */
        char **p = paths[nspec] = calloc(2 * nf, sizeof *p);
        if (!p) { rc = emb_error_set(err, EMBARGO_ENOMEM, mpath, 0, NULL, "out of memory"); goto free_specs; }
        specs[nspec++] = (embargo_source_spec){id, format, (const char *const *)p, nf, as_of, (const char *const *)p + nf};
        for (size_t k = 0; k < nf; k++) {
            json_t *f = json_array_get(files, k);
            const char *rel = json_string_value(json_object_get(f, "path"));
            const char *sha = json_string_value(json_object_get(f, "sha256"));
            if (!rel) { rc = emb_error_set(err, EMBARGO_EPARSE, mpath, 0, "files", "source %s: file without a path", id); goto free_specs; }
            char full[PATH_MAX];
            snprintf(full, sizeof full, "%s/%s", data_dir ? data_dir : embargo_default_data_dir(), rel);
            if (!(p[k] = strdup(full))) { rc = emb_error_set(err, EMBARGO_ENOMEM, mpath, 0, NULL, "out of memory"); goto free_specs; }
            p[nf + k] = (char *)sha;
        }
    }
    rc = embargo_loader_add_sources(l, specs, nspec, 0, err);
free_specs:
    for (size_t k = 0; k < nspec; k++) {
        for (size_t f = 0; f < specs[k].n_paths; f++) free(paths[k][f]);
        free(paths[k]);
    }
    free(specs);
    free(paths);
done:
    json_decref(root);
    return rc;
}
