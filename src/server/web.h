/* web.h - the analyst page (the files of web/), embedded at build time by
 * cmake/embed_web.cmake into a generated web_assets.c. */
#ifndef EMB_SERVER_WEB_H
#define EMB_SERVER_WEB_H
#include <stddef.h>

typedef struct srv_asset {
    const char *path;             /* "/index.html" */
    const unsigned char *data;
    size_t len;
} srv_asset;

/* Terminated by an entry with path NULL. */
extern const srv_asset srv_web_assets[];

#endif
