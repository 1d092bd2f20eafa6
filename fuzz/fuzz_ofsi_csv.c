/* fuzz_ofsi_csv.c - fuzzes the ofsi_csv parser: the old OFSI CSV (Windows-1252 conversion, CSV reader).
 * The bytes go to a temp file because the parser reads paths. */
#include "model/model.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/embargo-fuzz-XXXXXX.csv";
    int fd = mkstemps(path, (int)strlen(".csv"));
    if (fd < 0) return 0;
    if (write(fd, data, size) != (ssize_t)size) { close(fd); unlink(path); return 0; }
    close(fd);
    const char *paths[] = {path};
    size_t ok = 0, skipped = 0;
    embargo_error err;
    emb_parse_file_for_test(emb_format_find("ofsi_csv"), paths, 1, &ok, &skipped, &err);
    unlink(path);
    return 0;
}
