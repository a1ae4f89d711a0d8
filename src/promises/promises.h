/* promises.h - the promise types minicf-agent keeps, one file per type,
 * each exporting its row of the table (see eval/agent.h for the
 * interface). A new type adds a file, its row here and in table.c.
 *
 * Ownership: the rows and the table are static read-only data.
 */
#ifndef MINICF_PROMISES_PROMISES_H
#define MINICF_PROMISES_PROMISES_H

#include "eval/agent.h"

extern const PromiseType promise_type_meta;
extern const PromiseType promise_type_vars;
extern const PromiseType promise_type_defaults;
extern const PromiseType promise_type_classes;
extern const PromiseType promise_type_methods;
extern const PromiseType promise_type_processes;
extern const PromiseType promise_type_reports;
extern const PromiseType promise_type_commands;

/* Every type minicf-agent keeps. */
const PromiseTypeTable *promises_table(void);

#endif
