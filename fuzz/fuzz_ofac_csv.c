/* fuzz_ofac_csv.c - the OFAC legacy CSV parser on arbitrary bytes.  The
 * input holds up to four files separated by lines "@@": sdn.csv, alt.csv,
 * add.csv and sdn_comments.csv, so the cross-file linking is fuzzed too. */
#include "lists/lists.h"
#include "model/model.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"};
    char dir[] = "/tmp/embargo-fuzz-ofac-XXXXXX";
    if (!mkdtemp(dir)) return 0;
    char paths[4][64];
    const char *pp[4];
    size_t n = 0, off = 0;
    while (n < 4) {
        const uint8_t *sep = NULL;
        for (size_t i = off; i + 4 <= size; i++)
            if (memcmp(data + i, "\n@@\n", 4) == 0) { sep = data + i; break; }
        size_t len = sep ? (size_t)(sep - data) - off + 1 : size - off;
        snprintf(paths[n], sizeof paths[n], "%s/%s", dir, names[n]);
        FILE *f = fopen(paths[n], "wb");
        if (!f) break;
        fwrite(data + off, 1, len, f);
        fclose(f);
        pp[n] = paths[n];
        n++;
        if (!sep) break;
        off = (size_t)(sep - data) + 4;
    }
    embargo_error err;
    size_t ok = 0, skipped = 0;
    if (n) emb_parse_file_for_test(emb_format_find("ofac_csv"), pp, n, &ok, &skipped, &err);
    for (size_t i = 0; i < n; i++) unlink(paths[i]);
    rmdir(dir);
    return 0;
}
