/* fuzz_common.h - the shared body of the list-parser fuzz targets: the input
 * bytes are written to a temp file and parsed with one format; any result is
 * fine, crashes and sanitizer reports are not. */
#ifndef EMB_FUZZ_COMMON_H
#define EMB_FUZZ_COMMON_H
#include "lists/lists.h"
#include "model/model.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static inline int fuzz_parse_as(const char *format, const uint8_t *data, size_t size)
{
    char path[] = "/tmp/embargo-fuzz-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return 0;
    if (write(fd, data, size) != (ssize_t)size) { close(fd); unlink(path); return 0; }
    close(fd);
    const char *paths[1] = {path};
    size_t ok = 0, skipped = 0;
    embargo_error err;
    emb_parse_file_for_test(emb_format_find(format), paths, 1, &ok, &skipped, &err);
    unlink(path);
    return 0;
}

#endif
