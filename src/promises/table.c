/* table.c - the promise-type table of minicf-agent. */
#include "promises/promises.h"

const PromiseTypeTable *promises_table(void)
{
    static const PromiseType *const ROWS[] = {
        &promise_type_meta,    &promise_type_vars,    &promise_type_defaults,
        &promise_type_classes, &promise_type_methods, &promise_type_reports,
        &promise_type_commands,
        &promise_type_processes,
    };
    static const PromiseTypeTable TABLE = { ROWS, sizeof ROWS / sizeof *ROWS };
    return &TABLE;
}
