/*
 * The shared test-vector reader (vectors.h): a line-oriented parser for the
 * "name = hex" record files under ../shared/testvectors. Hosted test code, so
 * it uses stdio and the heap freely.
 */
#define _POSIX_C_SOURCE 200809L
#include "vectors.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define VEC_MAX_FIELDS 16

struct vec_field {
    char name[32];
    uint8_t *data;
    size_t len;
};

struct vec_file {
    FILE *f;
    char path[1024];
    char where[1100];
    unsigned line;     /* lines read so far */
    unsigned rec_line; /* first line of the current record */
    struct vec_field fields[VEC_MAX_FIELDS];
    size_t nfields;
    char *buf;
    size_t cap;
};

struct vec_file *vec_try_open(const char *rel, char *err, size_t n)
{
    struct vec_file *v = calloc(1, sizeof *v);
    if (!v) {
        snprintf(err, n, "vectors: out of memory");
        return NULL;
    }
    snprintf(v->path, sizeof v->path, "%s/testvectors/%s", PHOENIX_SHARED_DIR, rel);
    v->f = fopen(v->path, "r");
    if (!v->f) {
        snprintf(err, n,
                 "test vectors missing: cannot open %s: %s (configure with "
                 "-DPHOENIX_SHARED_DIR=<folder holding testvectors/>)",
                 v->path, strerror(errno));
        free(v);
        return NULL;
    }
    return v;
}

struct vec_file *vec_open(const char *rel)
{
    char err[1400];
    struct vec_file *v = vec_try_open(rel, err, sizeof err);
    if (!v)
        fail_msg("%s", err);
    return v;
}

static void clear_fields(struct vec_file *v)
{
    for (size_t i = 0; i < v->nfields; i++)
        free(v->fields[i].data);
    v->nfields = 0;
}

int vec_hex(uint8_t *out, size_t n, const char *hex, size_t hexlen)
{
    if (hexlen != 2 * n)
        return -1;
    for (size_t i = 0; i < hexlen; i++) {
        char ch = hex[i];
        int d;
        if (ch >= '0' && ch <= '9')
            d = ch - '0';
        else if (ch >= 'a' && ch <= 'f')
            d = ch - 'a' + 10;
        else if (ch >= 'A' && ch <= 'F')
            d = ch - 'A' + 10;
        else
            return -1;
        if (i % 2 == 0)
            out[i / 2] = (uint8_t)(d << 4);
        else
            out[i / 2] |= (uint8_t)d;
    }
    return 0;
}

static size_t trim_end(const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    return n;
}

/* Parse one "name = hex" line into a new field of the current record. */
static void add_field(struct vec_file *v, const char *s, size_t n)
{
    const char *eq = memchr(s, '=', n);
    if (!eq)
        fail_msg("%s:%u: expected 'name = hex'", v->path, v->line);
    size_t nlen = trim_end(s, (size_t)(eq - s));
    const char *val = eq + 1;
    size_t vlen = n - (size_t)(val - s);
    while (vlen > 0 && (*val == ' ' || *val == '\t'))
        val++, vlen--;
    vlen = trim_end(val, vlen);
    if (nlen == 0 || nlen >= sizeof v->fields[0].name)
        fail_msg("%s:%u: bad field name", v->path, v->line);
    if (v->nfields == VEC_MAX_FIELDS)
        fail_msg("%s:%u: more than %d fields in one record", v->path, v->line, VEC_MAX_FIELDS);
    struct vec_field *f = &v->fields[v->nfields];
    memcpy(f->name, s, nlen);
    f->name[nlen] = 0;
    f->len = vlen / 2;
    f->data = malloc(f->len + 1); /* +1: never malloc(0) */
    assert_non_null(f->data);
    if (vec_hex(f->data, f->len, val, vlen) != 0)
        fail_msg("%s:%u: field '%s' is not an even-length hex string", v->path, v->line, f->name);
    v->nfields++;
}

int vec_next(struct vec_file *v)
{
    clear_fields(v);
    ssize_t got;
    while ((got = getline(&v->buf, &v->cap, v->f)) >= 0) {
        v->line++;
        size_t n = trim_end(v->buf, (size_t)got);
        if (n > 0 && v->buf[0] == '#')
            continue;
        if (n == 0) {
            if (v->nfields > 0)
                return 1;
            continue;
        }
        if (v->nfields == 0)
            v->rec_line = v->line;
        add_field(v, v->buf, n);
    }
    if (ferror(v->f))
        fail_msg("%s:%u: read error", v->path, v->line);
    return v->nfields > 0; /* a last record without the closing blank line */
}

int vec_has(const struct vec_file *v, const char *name)
{
    for (size_t i = 0; i < v->nfields; i++) {
        if (!strcmp(v->fields[i].name, name))
            return 1;
    }
    return 0;
}

const uint8_t *vec_get(struct vec_file *v, const char *name, size_t *len)
{
    for (size_t i = 0; i < v->nfields; i++) {
        if (!strcmp(v->fields[i].name, name)) {
            if (len)
                *len = v->fields[i].len;
            return v->fields[i].data;
        }
    }
    fail_msg("%s: record has no field '%s'", vec_where(v), name);
    return NULL;
}

const uint8_t *vec_get_len(struct vec_file *v, const char *name, size_t len)
{
    size_t got;
    const uint8_t *p = vec_get(v, name, &got);
    if (got != len)
        fail_msg("%s: field '%s' has %zu bytes, expected %zu", vec_where(v), name, got, len);
    return p;
}

const char *vec_where(const struct vec_file *v)
{
    struct vec_file *m = (struct vec_file *)v;
    snprintf(m->where, sizeof m->where, "%s:%u", v->path, v->rec_line);
    return m->where;
}

void vec_close(struct vec_file *v)
{
    if (!v)
        return;
    clear_fields(v);
    if (v->f)
        fclose(v->f);
    free(v->buf);
    free(v);
}
