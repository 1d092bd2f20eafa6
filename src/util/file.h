/* file.h - reading whole files (gzip transparently), sha256, small string helpers. */
#ifndef EMB_FILE_H
#define EMB_FILE_H
#include <stddef.h>
#include "embargo.h"

/* Reads the whole file into a malloc'd, NUL-terminated buffer.  A gzip file
 * (magic 1f 8b) is inflated.  Errors name the file. */
int emb_file_read(const char *path, char **data, size_t *len, embargo_error *err);
/* Hex sha256 of a file's bytes (as stored, not inflated) into out[65]. */
int emb_file_sha256(const char *path, char out[65], embargo_error *err);
void emb_sha256_hex(const void *data, size_t n, char out[65]);
/* Nonzero if s[0..n) is valid UTF-8. */
int emb_utf8_valid(const char *s, size_t n);
/* The length of the longest valid UTF-8 prefix of s[0..n) (n if all is). */
size_t emb_utf8_prefix(const char *s, size_t n);
/* 0 if the bytes of file path (data[0..n)) are valid UTF-8; else an
 * EMBARGO_EUTF8 error naming the line and the byte in it, with why (a hint
 * such as "OFAC's CSV files are ASCII", or NULL). */
int emb_utf8_check(const char *path, const char *data, size_t n, const char *why, embargo_error *err);
/* Trims ASCII whitespace in place, returns s. */
char *emb_trim(char *s);
/* Case-insensitive ASCII prefix test. */
int emb_istarts(const char *s, const char *prefix);
/* Nonzero if `item` is one of the comma-separated entries of `list`; an
 * empty or NULL list contains everything (it means "no filter"). */
int emb_list_has(const char *list, const char *item);
/* An identifier's alphanumerics, upper-cased, into out[cap] ("AB 123-45" ->
 * "AB12345"): the form in which identifiers are compared.  Returns its length. */
size_t emb_id_canon(const char *v, char *out, size_t cap);
/* malloc'd copy of s[0..n). */
char *emb_strndup(const char *s, size_t n);

#endif
