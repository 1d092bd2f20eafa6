/* cmd_update.c - `embargo update`: fetches the current publications of the
 * lists from the authorities' URLs (in manifest.json), checks that each one
 * parses and did not shrink suspiciously, then publishes them as a new
 * immutable set DIR/sets/<time>/ and points DIR/current at it with one
 * rename(2).  A reader of DIR/current therefore always sees a complete set
 * that passed the checks: a failed or interrupted update leaves the last good
 * set in place.  Sets are never modified once published, which is what
 * makes hard-linking unchanged files from the previous set safe. */
/* nftw() is XSI */
#define _XOPEN_SOURCE 700
#include "cli/cli.h"
#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <jansson.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { CLI_UPDATE_FAILED = 3 };

static const char help[] =
    "usage: embargo update [--dir DIR] [--source ID,...] [--max-drop SHARE]\n"
    "                      [--url ID=URL]... [--timeout S] [--max-size SIZE]\n"
    "                      [--keep N] [--seed DIR]\n"
    "Downloads the current files of each list from the authority's URL (the\n"
    "\"url\" of each source or file in manifest.json), checks that every source\n"
    "parses and that its record count did not drop by more than SHARE, then\n"
    "writes the files and a new manifest.json (sha256, as_of = the list's own\n"
    "date, else today) to DIR/sets/<time>/ and switches the symlink DIR/current\n"
    "to it atomically.  On any failure the last good set stays current.\n"
    "All-or-nothing: if one source fails, none is switched (use --source to\n"
    "update the others).  The first update copies the shipped lists to start.\n\n"
    "Screen against the updated lists with --data DIR/current (or\n"
    "EMBARGO_DATA=DIR/current), e.g. embargo screen --data ~/.local/share/embargo/current NAME\n\n"
    "  --dir DIR             where sets live (default: $EMBARGO_HOME, else\n"
    "                        ~/.local/share/embargo)\n"
    "  --source ID,...       update only these sources (default: every source\n"
    "                        with a URL; the others are carried over unchanged)\n"
    "  --max-drop SHARE      refuse a source whose record count falls by more\n"
    "                        than this share of the current count (default 0.5;\n"
    "                        1 disables the check)\n"
    "  --url ID=URL          fetch source ID (a single-file source) from URL\n"
    "                        instead of the manifest's (repeatable)\n"
    "  --timeout S           give up on a file after S seconds (default 300)\n"
    "  --max-size SIZE       refuse a file larger than this, in bytes or with a\n"
    "                        K, M or G suffix (default 512M)\n"
    "  --keep N              keep the newest N sets, delete older ones (default 10)\n"
    "  --seed DIR            data directory the first update starts from\n"
    "                        (default: the shipped lists)\n"
    "Exit status: 0 updated or already current, 2 usage or configuration error,\n"
    "3 update failed (the reason names the source, the URL and the check).\n";

typedef struct url_override {
    char id[128];
    const char *url;
} url_override;

typedef struct update_opts {
    char dir[PATH_MAX];
    const char *only;
    double max_drop;
    url_override urls[64];
    size_t n_urls;
    long timeout;
    size_t max_size;
    const char *seed;
    size_t keep;
} update_opts;

/* One file of a source being fetched. */
typedef struct fetch_file {
    const char *rel;           /* path relative to the set, from the manifest */
    const char *url;
    char staged[PATH_MAX];
} fetch_file;

typedef struct fetch_source {
    const char *id;
    const char *format;
    json_t *json;              /* the source object in the new manifest (borrowed) */
    fetch_file *files;
    size_t n_files;
} fetch_source;

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "embargo update: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    return CLI_UPDATE_FAILED;
}

static int in_list(const char *list, const char *id)
{
    if (!list || !*list) return 1;
    size_t n = strlen(id);
    for (const char *p = list;;) {
        const char *c = strchr(p, ',');
        size_t k = c ? (size_t)(c - p) : strlen(p);
        if (k == n && strncmp(p, id, n) == 0) return 1;
        if (!c) return 0;
        p = c + 1;
    }
}

/* ---- files ---- */

/* out = a "/" b into a PATH_MAX buffer; -1 if it does not fit (never a
 * silently truncated path). */
static int pjoin(char *out, const char *a, const char *b)
{
    int n = snprintf(out, PATH_MAX, "%s/%s", a, b);
    return n < 0 || n >= PATH_MAX ? -1 : 0;
}

static int mkdir_p(const char *path)
{
    char buf[PATH_MAX];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) return -1;
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST) return -1;
        *p = '/';
    }
    return mkdir(buf, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

static int mkdir_parent(const char *path)
{
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", path);
    char *s = strrchr(buf, '/');
    if (!s || s == buf) return 0;
    *s = '\0';
    return mkdir_p(buf);
}

static int rm_entry(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    remove(p);
    return 0;
}

static void rm_rf(const char *path) { nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS); }

/* A manifest path must stay inside its set: relative, without "..". */
static int safe_rel(const char *rel)
{
    if (!rel || !*rel || rel[0] == '/') return 0;
    for (const char *p = rel; *p; p = strchr(p, '/') ? strchr(p, '/') + 1 : p + strlen(p))
        if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || p[2] == '\0')) return 0;
    return 1;
}

static int sha256_file(const char *path, char hex[65])
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    unsigned char buf[65536], md[32];
    unsigned mdlen = 0;
    size_t n;
    int rc = c && EVP_DigestInit_ex(c, EVP_sha256(), NULL) == 1 ? 0 : -1;
    while (!rc && (n = fread(buf, 1, sizeof buf, f)) > 0)
        if (EVP_DigestUpdate(c, buf, n) != 1) rc = -1;
    if (!rc && (ferror(f) || EVP_DigestFinal_ex(c, md, &mdlen) != 1)) rc = -1;
    EVP_MD_CTX_free(c);
    fclose(f);
    for (unsigned i = 0; !rc && i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", md[i]);
    return rc;
}

static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    if (!in) return -1;
    FILE *out = fopen(to, "wb");
    if (!out) { fclose(in); return -1; }
    char buf[65536];
    size_t n;
    int rc = 0;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n) { rc = -1; break; }
    if (ferror(in)) rc = -1;
    fclose(in);
    if (fclose(out) != 0) rc = -1;
    return rc;
}

/* Places an unchanged file of the previous set into the new one: a hard
 * link when possible (sets are immutable), a copy otherwise; then checks its
 * sha256 against the manifest so the new set cannot publish a bad copy. */
static int carry_file(const char *from, const char *to, const char *sha)
{
    if (mkdir_parent(to) != 0) return fail("cannot create the directory of %s: %s", to, strerror(errno));
    if (link(from, to) != 0 && copy_file(from, to) != 0)
        return fail("cannot copy %s to %s: %s", from, to, strerror(errno));
    char hex[65];
    if (sha256_file(to, hex) != 0) return fail("cannot read %s: %s", to, strerror(errno));
    if (sha && strcmp(hex, sha) != 0)
        return fail("%s: sha256 %s does not match its manifest (%s): the set was modified; not publishing", from, hex, sha);
    return 0;
}

/* ---- time ---- */

static void utc_format(char *buf, size_t cap, const char *fmt)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, cap, fmt, &tm);
}

/* ---- download ---- */

typedef struct sink {
    FILE *f;
    size_t n, max;
    int too_big, write_error;
} sink;

static size_t sink_write(char *p, size_t size, size_t nmemb, void *ud)
{
    sink *s = ud;
    size_t k = size * nmemb;
    if (s->n + k > s->max) { s->too_big = 1; return 0; }
    if (fwrite(p, 1, k, s->f) != k) { s->write_error = 1; return 0; }
    s->n += k;
    return k;
}

/* Fetches url into dest.  Refuses HTTP errors, HTML (an error or login page
 * served with status 200 is the classic way a scraper swallows garbage),
 * empty and oversized bodies.  On failure prints the reason naming the
 * source and URL and returns CLI_UPDATE_FAILED. */
static int download(const update_opts *o, const char *source, const char *url, const char *dest)
{
    if (mkdir_parent(dest) != 0) return fail("%s: cannot create the directory of %s: %s", source, dest, strerror(errno));
    sink s = {fopen(dest, "wb"), 0, o->max_size, 0, 0};
    if (!s.f) return fail("%s: cannot write %s: %s", source, dest, strerror(errno));
    CURL *c = curl_easy_init();
    if (!c) { fclose(s.f); return fail("%s: cannot start libcurl", source); }
    char errbuf[CURL_ERROR_SIZE] = "";
    char ua[64];
    snprintf(ua, sizeof ua, "embargo/%s (sanctions list update)", EMBARGO_VERSION);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink_write);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, o->timeout < 30 ? o->timeout : 30L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, o->timeout);
    curl_easy_setopt(c, CURLOPT_USERAGENT, ua);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, ""); /* transfer compression, stored decoded */
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_size);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    /* an https URL must not be redirected to plain http */
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, strncasecmp(url, "https:", 6) == 0 ? "https" : "http,https");
#endif
    CURLcode rc = curl_easy_perform(c);
    long status = 0;
    char *ctype = NULL;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ctype);
    char ctype_copy[128];
    snprintf(ctype_copy, sizeof ctype_copy, "%s", ctype ? ctype : "");
    curl_easy_cleanup(c);
    int closed = fclose(s.f);
    if (s.too_big || rc == CURLE_FILESIZE_EXCEEDED)
        return fail("%s: %s: refused: larger than the size limit of %zu bytes (--max-size)", source, url, o->max_size);
    if (rc == CURLE_HTTP_RETURNED_ERROR)
        return fail("%s: %s: refused: the server answered HTTP %ld", source, url, status);
    if (s.write_error || closed != 0) return fail("%s: cannot write %s: %s", source, dest, strerror(errno));
    if (rc != CURLE_OK)
        return fail("%s: %s: download failed: %s", source, url, errbuf[0] ? errbuf : curl_easy_strerror(rc));
    if (strncasecmp(ctype_copy, "text/html", 9) == 0)
        return fail("%s: %s: refused: served as %s (an HTML page, not the list)", source, url, ctype_copy);
    if (s.n == 0) return fail("%s: %s: refused: the body is empty", source, url);
    return 0;
}

/* ---- loading sources to check them ---- */

/* Loads one source of a set directory (through its manifest). */
static int load_set_source(const char *set_dir, const char *id, embargo_db **out, embargo_error *err)
{
    embargo_loader *l;
    if (embargo_loader_new(&l)) return EMBARGO_ENOMEM;
    int rc = embargo_loader_add_manifest(l, set_dir, id, err);
    if (!rc) rc = embargo_loader_finish(out, l, err);
    embargo_loader_free(l);
    return rc;
}

static int load_staged_source(const fetch_source *fs, embargo_db **out, embargo_error *err)
{
    const char *paths[64];
    for (size_t k = 0; k < fs->n_files; k++) paths[k] = fs->files[k].staged;
    embargo_loader *l;
    if (embargo_loader_new(&l)) return EMBARGO_ENOMEM;
    /* as_of NULL: the parser reports the list's own date, if the file has one */
    int rc = embargo_loader_add_source(l, fs->id, fs->format, paths, fs->n_files, NULL, err);
    if (!rc) rc = embargo_loader_finish(out, l, err);
    embargo_loader_free(l);
    return rc;
}

/* Parses the staged files of a source, checks the record count against the
 * current set and records sha256, as_of and counts in its manifest entry.
 * *changed tells whether any file differs from the current set. */
static int check_source(const update_opts *o, const char *cur_dir, fetch_source *fs, const char *today,
                        const char *now, int *changed)
{
    embargo_error err = {0};
    embargo_db *ndb = NULL, *odb = NULL;
    int rc = 0;
    if (load_staged_source(fs, &ndb, &err)) {
        rc = fail("%s: %s: refused: the downloaded list does not parse: %s", fs->id, fs->files[0].url, err.msg);
        goto done;
    }
    embargo_source_info si;
    embargo_db_source(ndb, 0, &si);
    json_t *files = json_object_get(fs->json, "files");
    *changed = 0;
    for (size_t k = 0; k < fs->n_files; k++) {
        json_t *f = json_array_get(files, k);
        const char *old = json_string_value(json_object_get(f, "sha256"));
        if (!old || strcmp(old, si.file_sha256[k]) != 0) *changed = 1;
        json_object_set_new(f, "sha256", json_string(si.file_sha256[k]));
        json_object_set_new(f, "fetched_from", json_string(fs->files[k].url));
    }
    char was[160] = "";
    if (o->max_drop < 1.0) {
        if (load_set_source(cur_dir, fs->id, &odb, &err)) {
            rc = fail("%s: cannot load the current set to compare record counts (--max-drop 1 skips the check): %s", fs->id,
                      err.msg);
            goto done;
        }
        embargo_source_info oi;
        embargo_db_source(odb, 0, &oi);
        if (oi.records > 0 && si.records < oi.records &&
            (double)(oi.records - si.records) / (double)oi.records > o->max_drop) {
            rc = fail("%s: %s: refused: %zu records against %zu in the current set, a drop of %.0f%% (more than --max-drop %g)",
                      fs->id, fs->files[0].url, si.records, oi.records,
                      100.0 * (double)(oi.records - si.records) / (double)oi.records, o->max_drop);
            goto done;
        }
        embargo_diff *d;
        embargo_diff_stats st = {0, 0, 0, 0};
        if (embargo_diff_new(&d, odb, ndb, NULL, NULL) == 0) {
            embargo_diff_get_stats(d, &st);
            embargo_diff_free(d);
        }
        snprintf(was, sizeof was, " (was %zu: +%zu -%zu ~%zu)", oi.records, st.added, st.removed, st.changed);
    }
    const char *as_of = si.as_of[0] ? si.as_of : today;
    json_object_set_new(fs->json, "as_of", json_string(as_of));
    json_object_set_new(fs->json, "as_of_source", json_string(si.as_of[0] ? "list" : "download date"));
    json_object_set_new(fs->json, "fetched_at", json_string(now));
    json_object_set_new(fs->json, "records", json_integer((json_int_t)si.records));
    printf("%-14s %zu records%s, as of %s%s%s\n", fs->id, si.records, was, as_of, si.as_of[0] ? "" : " (download date)",
           *changed ? "" : ", unchanged");
done:
    embargo_db_free(ndb);
    embargo_db_free(odb);
    return rc;
}

/* ---- sets ---- */

/* Renames the staging directory to DIR/sets/<time> (suffixed if taken) and
 * writes the set's name to name. */
static int publish_set(const char *dir, const char *staging, char *name, size_t cap)
{
    char stamp[32], path[PATH_MAX];
    utc_format(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ");
    for (int k = 1; k < 100; k++) {
        if (k == 1) snprintf(name, cap, "%s", stamp);
        else snprintf(name, cap, "%s-%d", stamp, k);
        char rel[96];
        snprintf(rel, sizeof rel, "sets/%s", name);
        if (pjoin(path, dir, rel)) return fail("%s: path too long", dir);
        struct stat st;
        if (lstat(path, &st) == 0) continue;
        if (rename(staging, path) == 0) return 0;
        return fail("cannot rename %s to %s: %s", staging, path, strerror(errno));
    }
    return fail("too many sets named %s in %s/sets", stamp, dir);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Deletes all but the newest `keep` sets (names sort by time), never the
 * current one.  Old sets are only history: failing to delete one is not an
 * update failure, so errors are reported and ignored. */
static void prune_sets(const char *dir, const char *current, size_t keep)
{
    char sets[PATH_MAX];
    if (pjoin(sets, dir, "sets")) return;
    DIR *d = opendir(sets);
    if (!d) return;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue; /* ., .., .staging-* */
        if (n == cap) {
            char **nn = realloc(names, (cap = cap ? cap * 2 : 16) * sizeof *nn);
            if (!nn) break;
            names = nn;
        }
        if (!(names[n] = strdup(e->d_name))) break;
        n++;
    }
    closedir(d);
    if (n > 1) qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i + keep < n; i++) {
        char path[PATH_MAX];
        if (strcmp(names[i], current) == 0 || pjoin(path, sets, names[i])) continue;
        rm_rf(path);
        struct stat st;
        if (lstat(path, &st) == 0) fprintf(stderr, "embargo update: could not delete the old set %s\n", path);
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}

/* Points DIR/current at sets/<name>: a new symlink renamed over the old one,
 * so readers see either the old set or the new one, never neither. */
static int switch_current(const char *dir, const char *name)
{
    char target[PATH_MAX], tmp[PATH_MAX], cur[PATH_MAX];
    snprintf(target, sizeof target, "sets/%s", name);
    char tmpname[64];
    snprintf(tmpname, sizeof tmpname, ".current.%ld", (long)getpid());
    if (pjoin(tmp, dir, tmpname) || pjoin(cur, dir, "current")) return fail("%s: path too long", dir);
    unlink(tmp);
    if (symlink(target, tmp) != 0) return fail("cannot create the symlink %s: %s", tmp, strerror(errno));
    if (rename(tmp, cur) != 0) {
        int e = errno;
        unlink(tmp);
        return fail("cannot switch %s to %s: %s", cur, target, strerror(e));
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) { fsync(dfd); close(dfd); }
    return 0;
}

/* The first update starts from the shipped lists: copies every file of the
 * seed manifest (checked against its sha256) into a first set. */
static int seed_current(const update_opts *o)
{
    const char *seed = o->seed ? o->seed : embargo_default_data_dir();
    char mpath[PATH_MAX], staging[PATH_MAX], name[64];
    char stname[64];
    snprintf(stname, sizeof stname, "sets/.staging-%ld", (long)getpid());
    if (pjoin(mpath, seed, "manifest.json") || pjoin(staging, o->dir, stname))
        return cli_usage_error("update", "path too long: %s", seed);
    json_error_t je;
    json_t *root = json_load_file(mpath, 0, &je);
    if (!root) {
        fprintf(stderr, "embargo update: %s/current does not exist and the lists to start from cannot be read: %s: %s "
                        "(give --seed DIR)\n", o->dir, mpath, je.text);
        return CLI_USAGE;
    }
    rm_rf(staging);
    int rc = mkdir_p(staging) ? fail("cannot create %s: %s", staging, strerror(errno)) : 0;
    size_t i, k;
    json_t *src, *f;
    json_array_foreach(json_object_get(root, "sources"), i, src) {
        json_array_foreach(json_object_get(src, "files"), k, f) {
            if (rc) break;
            const char *rel = json_string_value(json_object_get(f, "path"));
            if (!safe_rel(rel)) { rc = fail("%s: a file path is missing or leaves the directory", mpath); break; }
            char from[PATH_MAX], to[PATH_MAX];
            if (pjoin(from, seed, rel) || pjoin(to, staging, rel)) { rc = fail("%s: path too long", rel); break; }
            /* a copy, not a link: the seed (a source tree) may change in place */
            if (mkdir_parent(to) != 0 || copy_file(from, to) != 0) { rc = fail("cannot copy %s to %s: %s", from, to, strerror(errno)); break; }
            char hex[65];
            const char *sha = json_string_value(json_object_get(f, "sha256"));
            if (sha && (sha256_file(to, hex) != 0 || strcmp(hex, sha) != 0))
                rc = fail("%s: sha256 does not match %s; not starting from it", from, mpath);
        }
    }
    char to[PATH_MAX];
    if (!rc && pjoin(to, staging, "manifest.json")) rc = fail("%s: path too long", staging);
    if (!rc && copy_file(mpath, to) != 0) rc = fail("cannot copy %s: %s", mpath, strerror(errno));
    if (!rc) rc = publish_set(o->dir, staging, name, sizeof name);
    if (!rc) rc = switch_current(o->dir, name);
    if (rc) rm_rf(staging);
    else fprintf(stderr, "embargo update: started %s/current from %s\n", o->dir, seed);
    json_decref(root);
    return rc;
}

/* ---- options ---- */

/* "123", "800K", "64M", "1G" into bytes; -1 if malformed or 0. */
static int parse_bytes(const char *v, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    if (errno || end == v || v[0] == '-' || n == 0) return -1;
    int shift = 0;
    if (*end == 'K' || *end == 'k') shift = 10;
    else if (*end == 'M' || *end == 'm') shift = 20;
    else if (*end == 'G' || *end == 'g') shift = 30;
    if (shift) end++;
    if (*end || n > (SIZE_MAX >> shift)) return -1;
    *out = (size_t)(n << shift);
    return 0;
}

static int parse_opts(update_opts *o, int argc, char **argv)
{
    memset(o, 0, sizeof *o);
    o->max_drop = 0.5;
    o->timeout = 300;
    o->max_size = (size_t)512 << 20;
    o->keep = 10;
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { printf("%s", help); return 1; }
        static const char *const with_value[] = {"--dir", "--source", "--max-drop", "--url", "--timeout", "--max-size", "--seed", "--keep"};
        size_t k;
        for (k = 0; k < sizeof with_value / sizeof with_value[0]; k++)
            if (!strcmp(a, with_value[k])) break;
        if (k == sizeof with_value / sizeof with_value[0])
            return cli_usage_error("update", "unknown option '%s' (see embargo update --help)", a);
        if (i + 1 >= argc) return cli_usage_error("update", "%s needs a value", a);
        const char *v = argv[++i];
        size_t n;
        switch (k) {
        case 0: dir = v; break;
        case 1: o->only = v; break;
        case 2: if (cli_parse_double(a, v, 0.0, 1.0, &o->max_drop)) return CLI_USAGE; break;
        case 3: {
            const char *eq = strchr(v, '=');
            if (!eq || eq == v || !eq[1]) return cli_usage_error("update", "--url expects ID=URL, got '%s'", v);
            if (o->n_urls == sizeof o->urls / sizeof o->urls[0]) return cli_usage_error("update", "too many --url");
            url_override *u = &o->urls[o->n_urls++];
            if ((size_t)(eq - v) >= sizeof u->id) return cli_usage_error("update", "--url: source id too long in '%s'", v);
            memcpy(u->id, v, (size_t)(eq - v));
            u->id[eq - v] = '\0';
            u->url = eq + 1;
            break;
        }
        case 4: if (cli_parse_size(a, v, &n)) return CLI_USAGE; o->timeout = (long)n; break;
        case 5: if (parse_bytes(v, &o->max_size)) return cli_usage_error("update", "--max-size expects a size like 800K, 64M or 1G, got '%s'", v); break;
        case 6: o->seed = v; break;
        case 7: if (cli_parse_size(a, v, &o->keep)) return CLI_USAGE; break;
        }
    }
    int len;
    if (dir) len = snprintf(o->dir, sizeof o->dir, "%s", dir);
    else if (getenv("EMBARGO_HOME") && *getenv("EMBARGO_HOME")) len = snprintf(o->dir, sizeof o->dir, "%s", getenv("EMBARGO_HOME"));
    else if (getenv("HOME") && *getenv("HOME")) len = snprintf(o->dir, sizeof o->dir, "%s/.local/share/embargo", getenv("HOME"));
    else return cli_usage_error("update", "no --dir given and neither EMBARGO_HOME nor HOME is set");
    if (len <= 0 || (size_t)len >= sizeof o->dir - 64) return cli_usage_error("update", "--dir is too long");
    return 0;
}

static const char *url_override_for(const update_opts *o, const char *id)
{
    for (size_t i = o->n_urls; i-- > 0;)
        if (!strcmp(o->urls[i].id, id)) return o->urls[i].url;
    return NULL;
}

static const char *source_id_at(json_t *sources, size_t k)
{
    const char *id = json_string_value(json_object_get(json_array_get(sources, k), "id"));
    return id ? id : "";
}

/* Decides which sources of the manifest to fetch and from where.  Returns
 * CLI_USAGE (message printed) for a configuration the user must fix.  *out
 * (freed by the caller, with the files of its first *n_out entries) is set
 * even on failure. */
static int plan(const update_opts *o, json_t *sources, const char *staging, fetch_source **out, size_t *n_out)
{
    size_t n = json_array_size(sources), nf = 0;
    fetch_source *fs = calloc(n + 1, sizeof *fs);
    if (!fs) return cli_usage_error("update", "out of memory");
    *out = fs;
    *n_out = 0;
    for (size_t i = 0; i < o->n_urls; i++) {
        int found = 0;
        for (size_t k = 0; k < n && !found; k++)
            found = !strcmp(source_id_at(sources, k), o->urls[i].id);
        if (!found) return cli_usage_error("update", "--url: no source '%s' in the current manifest", o->urls[i].id);
    }
    if (o->only) {
        char *copy = strdup(o->only), *save = NULL;
        for (char *t = copy ? strtok_r(copy, ",", &save) : NULL; t; t = strtok_r(NULL, ",", &save)) {
            int found = 0;
            for (size_t k = 0; k < n && !found; k++)
                found = !strcmp(source_id_at(sources, k), t);
            if (!found) { int r = cli_usage_error("update", "--source: no source '%s' in the current manifest", t); free(copy); return r; }
        }
        free(copy);
    }
    for (size_t i = 0; i < n; i++) {
        json_t *src = json_array_get(sources, i);
        const char *id = json_string_value(json_object_get(src, "id"));
        const char *format = json_string_value(json_object_get(src, "format"));
        json_t *files = json_object_get(src, "files");
        size_t nfiles = json_array_size(files);
        if (!id || !format || !nfiles || nfiles > 64)
            return cli_usage_error("update", "manifest source #%zu needs an id, a format and 1 to 64 files", i + 1);
        if (!in_list(o->only, id)) continue;
        const char *over = url_override_for(o, id);
        const char *src_url = over ? over : json_string_value(json_object_get(src, "url"));
        if (over && nfiles > 1)
            return cli_usage_error("update", "--url %s=...: the source has %zu files; give each file a \"url\" in the manifest",
                                   id, nfiles);
        fetch_source *s = &fs[nf];
        s->id = id;
        s->format = format;
        s->json = src;
        s->files = calloc(nfiles, sizeof *s->files);
        if (!s->files) return cli_usage_error("update", "out of memory");
        s->n_files = nfiles;
        *n_out = ++nf; /* from here on the caller frees s->files */
        const char *missing = NULL;
        for (size_t k = 0; k < nfiles; k++) {
            json_t *f = json_array_get(files, k);
            fetch_file *ff = &s->files[k];
            ff->rel = json_string_value(json_object_get(f, "path"));
            if (!safe_rel(ff->rel))
                return cli_usage_error("update", "source %s: file #%zu has no path or one that leaves the set", id, k + 1);
            ff->url = over ? over : json_string_value(json_object_get(f, "url"));
            if (!ff->url && nfiles == 1) ff->url = src_url;
            if (!ff->url && !missing) missing = ff->rel;
            if (pjoin(ff->staged, staging, ff->rel)) return cli_usage_error("update", "source %s: path too long: %s", id, ff->rel);
        }
        if (missing) {
            if (o->only)
                return cli_usage_error("update", "source %s: no URL for %s (add \"url\" to the manifest or give --url)", id, missing);
            fprintf(stderr, "embargo update: %s: no URL for %s in the manifest; kept as it is\n", id, missing);
            free(s->files);
            memset(s, 0, sizeof *s);
            *n_out = --nf;
            continue;
        }
    }
    if (!nf) return cli_usage_error("update", "no source to update (none selected has a URL)");
    return 0;
}

int cmd_update(int argc, char **argv)
{
    update_opts o;
    int rc = parse_opts(&o, argc, argv);
    if (rc) return rc > 1 ? rc : 0;
    char sets[PATH_MAX], cur[PATH_MAX], lockp[PATH_MAX], staging[PATH_MAX], name[64], today[16], now[32];
    char stname[64];
    snprintf(stname, sizeof stname, "sets/.staging-%ld", (long)getpid());
    /* o.dir is at most PATH_MAX - 64 long (parse_opts), so these fit */
    if (pjoin(sets, o.dir, "sets") || pjoin(cur, o.dir, "current") || pjoin(lockp, o.dir, ".update.lock") ||
        pjoin(staging, o.dir, stname))
        return cli_usage_error("update", "--dir is too long");
    utc_format(today, sizeof today, "%Y-%m-%d");
    utc_format(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ");
    if (mkdir_p(sets) != 0) return cli_usage_error("update", "cannot create %s: %s", sets, strerror(errno));
    /* one update at a time: two would race on DIR/current */
    int lock = open(lockp, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock < 0) return cli_usage_error("update", "cannot open %s: %s", lockp, strerror(errno));
    if (flock(lock, LOCK_EX | LOCK_NB) != 0) { close(lock); return fail("another update of %s is running", o.dir); }

    json_t *root = NULL;
    fetch_source *fs = NULL;
    size_t nfs = 0;
    int staged = 0;
    struct stat st;
    if (lstat(cur, &st) != 0 && (rc = seed_current(&o))) goto done;
    char cur_real[PATH_MAX], mpath[PATH_MAX];
    if (!realpath(cur, cur_real)) { rc = fail("cannot resolve %s: %s", cur, strerror(errno)); goto done; }
    if (pjoin(mpath, cur_real, "manifest.json")) { rc = fail("%s: path too long", cur_real); goto done; }
    json_error_t je;
    if (!(root = json_load_file(mpath, 0, &je))) { rc = fail("cannot read %s: %s", mpath, je.text); goto done; }
    json_t *sources = json_object_get(root, "sources");
    if (!json_is_array(sources)) { rc = fail("%s has no \"sources\" array", mpath); goto done; }
    rm_rf(staging);
    if (mkdir_p(staging) != 0) { rc = fail("cannot create %s: %s", staging, strerror(errno)); goto done; }
    staged = 1;
    if ((rc = plan(&o, sources, staging, &fs, &nfs))) goto done;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    for (size_t i = 0; i < nfs && !rc; i++)
        for (size_t k = 0; k < fs[i].n_files && !rc; k++) {
            fprintf(stderr, "embargo update: %s: fetching %s\n", fs[i].id, fs[i].files[k].url);
            rc = download(&o, fs[i].id, fs[i].files[k].url, fs[i].files[k].staged);
        }
    curl_global_cleanup();
    int any_changed = 0;
    for (size_t i = 0; i < nfs && !rc; i++) {
        int changed = 0;
        rc = check_source(&o, cur_real, &fs[i], today, now, &changed);
        any_changed |= changed;
    }
    if (rc) goto done;
    if (!any_changed) {
        printf("already current: %s -> %s (every file is unchanged)\n", cur, cur_real);
        goto done;
    }
    /* carry over the files of the sources not fetched */
    size_t i;
    json_t *src;
    json_array_foreach(sources, i, src) {
        const char *id = json_string_value(json_object_get(src, "id"));
        int fetched = 0;
        for (size_t k = 0; k < nfs; k++) fetched |= fs[k].json == src;
        if (fetched) continue;
        size_t k;
        json_t *f;
        json_array_foreach(json_object_get(src, "files"), k, f) {
            const char *rel = json_string_value(json_object_get(f, "path"));
            if (!safe_rel(rel)) { rc = fail("%s: source %s has a file path that leaves the set", mpath, id ? id : "?"); goto done; }
            char from[PATH_MAX], to[PATH_MAX];
            if (pjoin(from, cur_real, rel) || pjoin(to, staging, rel)) { rc = fail("%s: path too long", rel); goto done; }
            if ((rc = carry_file(from, to, json_string_value(json_object_get(f, "sha256"))))) goto done;
        }
    }
    char newm[PATH_MAX];
    if (pjoin(newm, staging, "manifest.json")) { rc = fail("%s: path too long", staging); goto done; }
    if (json_dump_file(root, newm, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0) { rc = fail("cannot write %s", newm); goto done; }
    if ((rc = publish_set(o.dir, staging, name, sizeof name))) goto done;
    staged = 0;
    if ((rc = switch_current(o.dir, name))) goto done;
    printf("updated: %s -> sets/%s\n", cur, name);
    prune_sets(o.dir, name, o.keep);
    printf("screen against it with --data %s (or EMBARGO_DATA=%s)\n", cur, cur);
done:
    if (staged) rm_rf(staging);
    if (fs) for (size_t k = 0; k < nfs; k++) free(fs[k].files);
    free(fs);
    json_decref(root);
    close(lock);
    if (rc == CLI_UPDATE_FAILED) fprintf(stderr, "embargo update: nothing changed: %s is still the last good set\n", cur);
    return rc;
}
