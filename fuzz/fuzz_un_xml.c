/* fuzz_un_xml.c - the UN Security Council XML parser on arbitrary bytes. */
#include "lists/lists.h"
#include "model/model.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/embargo-fuzz-un-XXXXXX.xml";
    int fd = mkstemps(path, 4);
    if (fd < 0) return 0;
    FILE *f = fdopen(fd, "wb");
    if (!f) { close(fd); unlink(path); return 0; }
    fwrite(data, 1, size, f);
    fclose(f);
    const char *p = path;
    embargo_error err;
    size_t ok = 0, skipped = 0;
    emb_parse_file_for_test(emb_format_find("un_xml"), &p, 1, &ok, &skipped, &err);
    unlink(path);
    return 0;
}
