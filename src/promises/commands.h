/* commands.h - the parts of the commands: promise type that do not run
 * anything, exposed for the unit tests: building the command line and
 * reading CFEngine's module protocol.
 *
 * Ownership: commands_build() appends owned strings to argv and returns
 * an owned line; ModuleLine's strings are owned, freed by
 * commands_module_line_free().
 */
#ifndef MINICF_PROMISES_COMMANDS_H
#define MINICF_PROMISES_COMMANDS_H

#include <stdbool.h>

#include "base/vec.h"
#include "eval/value.h"

/* The command of a promise: the promiser split into words (3.21's
 * ArgSplitCommand), then `args` and each `arglist` element split the
 * same way (arglist may be NULL; 3.21.0 splits its elements too).
 * Without a shell the words go into argv (owned strings). *line is the
 * promiser, args and arglist joined with blanks as written: what a shell
 * runs and what messages show. False on an unterminated quote. */
bool commands_build(const char *promiser, const char *args, const Value *arglist, bool shell, Vec *argv,
                    char **line);

/* A shell command that ends in a lone '&': it is to run in the background. */
bool commands_shell_background(const char *line);

typedef enum {
    MODULE_NONE = 0,   /* not a protocol line */
    MODULE_CLASS,      /* +name */
    MODULE_UNCLASS,    /* -name */
    MODULE_SCALAR,     /* =name=value */
    MODULE_LIST,       /* @name= { "a", "b" } */
    MODULE_DATA,       /* %name={json} */
    MODULE_CONTEXT,    /* ^context=name */
    MODULE_BAD,        /* looks like the protocol but is not valid */
} ModuleKind;

typedef struct {
    ModuleKind kind;
    char *name;  /* class, variable or context */
    char *value; /* scalar text, JSON text; NULL otherwise */
    Vec list;    /* MODULE_LIST: owned strings */
} ModuleLine;

/* Reads one line of a module's output (without its newline). */
void commands_module_parse(const char *line, ModuleLine *out);
void commands_module_line_free(ModuleLine *m);

/* The 15 characters of a command line 3.21 quotes its output with:
 * from ten before the end of the first word. Owned. */
char *commands_quote_prefix(const char *line);

#endif
