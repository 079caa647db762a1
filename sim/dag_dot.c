#include "dag_dot.h"
int dag_dot_load(const char *path, struct dag_input *in, struct dag_errbuf *err)
{
    (void)in;
    dag_err_set(err, path, 0, "todo");
    return -1;
}
