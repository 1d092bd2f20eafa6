/* fuzz_sema_xml.c - fuzz target for the "sema_xml" list parser: the input bytes are
 * written to a temp file and parsed; any result is fine, crashes and
 * sanitizer reports are not. */
#include "lists/lists.h"
#include "model/model.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/embargo-fuzz-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return 0;
    if (write(fd, data, size) != (ssize_t)size) { close(fd); unlink(path); return 0; }
    close(fd);
    const char *paths[1] = {path};
    size_t ok = 0, skipped = 0;
    embargo_error err;
    emb_parse_file_for_test(emb_format_find("sema_xml"), paths, 1, &ok, &skipped, &err);
    unlink(path);
    return 0;
}
