#include "dag_wf.h"
int dag_wf_load(const char *path, struct dag_input *in, struct dag_errbuf *err, uint64_t b)
{
    (void)in; (void)b;
    dag_err_set(err, path, 0, "todo");
    return -1;
}
