/*
 * core_strerror: names for error codes, for logs and command-line tools.
 * Module codes are listed by their modules' headers; this table is the one
 * place that maps a number to its name.
 */
#include "core/error.h"
#include "core/aead.h"
#include "core/mlkem.h"

struct err_name {
    int code;
    const char *name;
};

static const struct err_name names[] = {
    {CORE_OK, "CORE_OK"},
    {CORE_E_INVAL, "CORE_E_INVAL"},
    {CORE_E_FULL, "CORE_E_FULL"},
    {CORE_E_EMPTY, "CORE_E_EMPTY"},
    {CORE_E_NOTFOUND, "CORE_E_NOTFOUND"},
    {CORE_E_EXISTS, "CORE_E_EXISTS"},
    {CORE_E_OVERFLOW, "CORE_E_OVERFLOW"},
    {CORE_E_STATE, "CORE_E_STATE"},
    /* mlkem (core/mlkem.h) */
    {MLKEM_E_EK_MODULUS, "MLKEM_E_EK_MODULUS"},
    {MLKEM_E_DK_HASH, "MLKEM_E_DK_HASH"},
    {MLKEM_E_NULL, "MLKEM_E_NULL"},
    /* aead (core/aead.h) */
    {AEAD_E_AUTH, "AEAD_E_AUTH"},
    {AEAD_E_TOOLONG, "AEAD_E_TOOLONG"},
    {AEAD_E_NULL, "AEAD_E_NULL"},
};

const char *core_strerror(int err)
{
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (names[i].code == err)
            return names[i].name;
    }
    return "CORE_E_UNKNOWN";
}
