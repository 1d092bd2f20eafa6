/* fuzz_ofsi_xlsx.c - fuzzes the ofsi_xlsx parser: ConList.xlsx (through lists/sheet.c's XLSX reader).
 * The bytes go to a temp file because the parser reads paths. */
#include "model/model.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/embargo-fuzz-XXXXXX.xlsx";
    int fd = mkstemps(path, (int)strlen(".xlsx"));
    if (fd < 0) return 0;
    if (write(fd, data, size) != (ssize_t)size) { close(fd); unlink(path); return 0; }
    close(fd);
    const char *paths[] = {path};
    size_t ok = 0, skipped = 0;
    embargo_error err;
    emb_parse_file_for_test(emb_format_find("ofsi_xlsx"), paths, 1, &ok, &skipped, &err);
    unlink(path);
    return 0;
}
