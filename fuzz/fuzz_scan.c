/* fuzz_scan.c - the free-text scanner on arbitrary bytes: the segmenter
 * (UTF-8 decoding, sentences, possessives, hyphens), the per-ctx token
 * cache and verification, and the HTML text extraction followed by a scan
 * of its output.  The first input byte chooses HTML (odd) or text (even).
 * The db is a small list written once to a temp file (static state is fine
 * in a fuzz driver). */
#include "embargo.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char list[] =
    "id,schema,name,aliases\n"
    "P1,Person,Dmitry Aleksandrovich Pantus,Dzmitry Pantus\n"
    "P2,Person,Sergei Viktorovich Lavrov,Sergey Lavrov\n"
    "O1,Organization,State Authority for Military Industry of the Republic of Belarus,Belarusian State Authority for Military Industry\n"
    "O2,Organization,Ministry of Defense and Armed Forces Logistics,MODAFL\n"
    "O3,Organization,Ministry of Finance of the Russian Federation,\n"
    "V1,Vessel,Hope,\n"
    "O4,Organization,Israel,\n";

static embargo_db *db;
static embargo_ctx *ctx;

static int init(void)
{
    if (ctx) return 0;
    char path[] = "/tmp/embargo-fuzz-scan-XXXXXX.csv";
    int fd = mkstemps(path, 4);
    if (fd < 0) return -1;
    if (write(fd, list, sizeof list - 1) != (ssize_t)(sizeof list - 1)) { close(fd); unlink(path); return -1; }
    close(fd);
    embargo_loader *l;
    embargo_error err;
    const char *p = path;
    int rc = embargo_loader_new(&l);
    if (!rc) rc = embargo_loader_add_source(l, "fuzz", "os_csv", &p, 1, NULL, &err);
    if (!rc) rc = embargo_loader_finish(&db, l, &err);
    embargo_loader_free(l);
    unlink(path);
    if (rc) { fprintf(stderr, "fuzz_scan: %s\n", err.msg); abort(); }
    return embargo_ctx_new(&ctx, db);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (init()) return 0;
    const embargo_mention *m;
    size_t n, inv;
    embargo_error err;
    int html = size > 0 && (data[0] & 1);
    if (html) {
        char *text;
        size_t tl;
        if (embargo_html_text(&text, &tl, (const char *)data + 1, size - 1, &err) == 0) {
            if (strlen(text) != tl) abort();
            embargo_scan(ctx, text, tl, NULL, &m, &n, &inv, &err);
            free(text);
        }
        return 0;
    }
    if (embargo_scan(ctx, (const char *)data, size, NULL, &m, &n, &inv, &err) != 0) abort();
    for (size_t i = 0; i < n; i++) {
        /* every mention lies inside the input, in its sentence */
        if (m[i].start >= m[i].end || m[i].end > size || m[i].sentence_start > m[i].start ||
            m[i].sentence_end < m[i].end || m[i].text != (const char *)data + m[i].start)
            abort();
        char *js;
        if (embargo_mention_json(&js, db, &m[i]) == 0) free(js);
    }
    return 0;
}
