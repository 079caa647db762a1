/*
 * Reader for the shared test-vector files (../shared/testvectors/, see the
 * READMEs there): '#' comments, data lines "name = lowercase-hex" (an empty
 * value means zero bytes), a blank line ends a record. Used by the SHA-3 and
 * ML-KEM unit tests and the constant-time checks.
 *
 * Files are named relative to PHOENIX_SHARED_DIR/testvectors. Any problem (a
 * missing file, bad hex, a missing field) fails the running CMocka test with
 * a message naming the path and line.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

struct vec_file;

/* Open PHOENIX_SHARED_DIR/testvectors/<rel>; fails the test, naming the full
 * path, if it cannot be read. */
struct vec_file *vec_open(const char *rel);
/* The same without failing: NULL and a message naming the full path in err
 * (n bytes) if the file cannot be read. */
struct vec_file *vec_try_open(const char *rel, char *err, size_t n);
/* Read the next record: 1 if one was read, 0 at end of file. */
int vec_next(struct vec_file *v);
/* The bytes of field `name` of the current record (length in *len); fails
 * the test naming file and line if the record has no such field. */
const uint8_t *vec_get(struct vec_file *v, const char *name, size_t *len);
/* Like vec_get, but the field must be exactly len bytes long. */
const uint8_t *vec_get_len(struct vec_file *v, const char *name, size_t len);
/* 1 if the current record has field `name`. */
int vec_has(const struct vec_file *v, const char *name);
/* "path:line" of the current record's first line, for messages. */
const char *vec_where(const struct vec_file *v);
void vec_close(struct vec_file *v);

/* Decode lowercase or uppercase hex into out (n bytes); -1 on a bad digit or
 * length, else 0. */
int vec_hex(uint8_t *out, size_t n, const char *hex, size_t hexlen);
